import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AuditService } from '../audit/index.js';
import type { Actor } from '../platform/access/principal.js';
import { Clock } from '../platform/clock.js';
import { FieldCipher } from '../platform/crypto/field-cipher.js';
import { HttpError, HttpErrorCode } from '../platform/errors/http-error.js';
import { decodeCursor, type Page, pageOf } from '../platform/pagination.js';
import { CaseReadsRepository, RESPONDENT_SEARCHABLE } from './case-reads.repository.js';
import { CaseSearch } from './case-search.js';
import { PUBLISHED_DISCLOSURES, type PublishedDisclosures } from './case-ports.js';
import { caseActorOf, CaseTransitionsService } from './case-transitions.service.js';
import { CasesError, CasesErrorCode } from './cases.errors.js';
import type { ListCasesQuery } from './dto/case.dto.js';
import { caseMachine } from './machine/case.machine.js';
import type { CaseActor, CaseContext } from './machine/case.types.js';
import type { CaseEventRow, CaseFacts, CaseRow, CaseSummaryRow } from './views/case-rows.js';
import {
  respondentCase,
  respondentCaseSummary,
  respondentHistory,
  type RespondentCaseSummaryView,
  type RespondentCaseView,
  type RespondentHistoryEntryView,
} from './views/respondent.view.js';
import {
  type ComplainantContactView,
  staffCase,
  staffCaseSummary,
  staffHistoryEntry,
  type StaffCaseSummaryView,
  type StaffCaseView,
  type StaffHistoryEntryView,
} from './views/staff.view.js';

const isCursor = (v: unknown): v is [string, string] =>
  Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && !Number.isNaN(Date.parse(v[0])) && typeof v[1] === 'string' && /^[0-9a-f-]{36}$/i.test(v[1]);

/** Filters on the association's internal organisation: a respondent may not sort its cases by them. */
const STAFF_ONLY_FILTERS = ['partner', 'assignee', 'overdue'] as const;

export type CaseSummaryView = StaffCaseSummaryView | RespondentCaseSummaryView;
export type CaseDetailView = StaffCaseView | RespondentCaseView;
export type CaseHistoryEntryView = StaffHistoryEntryView | RespondentHistoryEntryView;

/** Reads of cases, scoped in the query to what the caller may see and shaped by its audience (src/cases/views/). */
@Injectable()
export class CasesQueryService implements OnModuleInit {
  /** Provided by publications (above cases): looked up at start-up like the door's ports; a missing one fails the boot. */
  private disclosures!: PublishedDisclosures;

  constructor(
    private readonly cases: CaseReadsRepository,
    private readonly transitions: CaseTransitionsService,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly search: CaseSearch,
    private readonly modules: ModuleRef,
  ) {}

  onModuleInit(): void {
    this.disclosures = this.modules.get<PublishedDisclosures>(PUBLISHED_DISCLOSURES, { strict: false });
  }

  async list(actor: Actor, q: ListCasesQuery): Promise<Page<CaseSummaryView>> {
    const who = this.who(actor);
    if (who.kind !== 'staff') {
      const refused = STAFF_ONLY_FILTERS.filter((f) => q[f] !== undefined);
      if (refused.length) {
        throw new HttpError(HttpErrorCode.VALIDATION_FAILED, 'These filters are for the association\'s staff', {
          errors: refused.map((field) => ({ field, code: 'FILTER_NOT_ALLOWED', message: `${field} is not a filter a respondent may use` })),
        });
      }
    }
    const limit = q.limit ?? 50;
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    this.scope(who, add);
    if (q.state) add('c.state = ?', q.state);
    if (q.category) add('c.category = ?', q.category);
    if (q.respondent) add('c.respondent_member_id = ?', q.respondent);
    if (q.partner) add('c.partner_id = ?', q.partner);
    if (q.assignee) add('c.assignee_id = ?', q.assignee);
    if (q.overdue !== undefined) add('c.overdue = ?', q.overdue);
    if (q.receivedFrom) add('c.received_at >= ?', q.receivedFrom);
    if (q.receivedTo) add('c.received_at < ?', q.receivedTo);
    // A respondent searches only text it has been shown: never a protected complaint, nor one not yet brought to it.
    if (q.q && who.kind !== 'staff') where.push(RESPONDENT_SEARCHABLE);
    const after = decodeCursor(q.cursor, isCursor);
    if (after) {
      params.push(after[0], after[1]);
      where.push(`(c.received_at, c.id) < ($${params.length - 1}, $${params.length})`);
    }
    const forwarded = who.kind !== 'staff';
    const rows = q.q
      ? await this.search.newest<CaseSummaryRow>(q.q, where, params, limit + 1, forwarded)
      : await this.cases.newest<CaseSummaryRow>(where, params, limit + 1, forwarded);
    const view = who.kind === 'staff' ? staffCaseSummary : respondentCaseSummary;
    return pageOf(rows, limit, (r) => [r.receivedAt.toISOString(), r.id], view);
  }

  async detail(actor: Actor, id: string): Promise<CaseDetailView> {
    const who = this.who(actor);
    const { row, value, context } = await this.visibleCase(who, id);
    const snapshot = caseMachine.resolveState({ value: value as never, context });
    const facts: CaseFacts = { context, allowedEvents: this.transitions.allowedFor(snapshot, who, this.clock.now()), disclosure: null };
    if (who.kind === 'staff') return staffCase(row, facts);
    facts.disclosure = await this.disclosures.newestOfCase(id);
    return respondentCase(row, facts, await this.eventsOf(id));
  }

  async history(actor: Actor, id: string): Promise<CaseHistoryEntryView[]> {
    const who = this.who(actor);
    await this.visibleCase(who, id);
    const events = await this.eventsOf(id);
    return who.kind === 'staff' ? events.map(staffHistoryEntry) : respondentHistory(events);
  }

  /** The decrypted contact, for staff only; every reveal is audited. */
  async complainantContact(actor: Actor, id: string): Promise<ComplainantContactView> {
    const r = await this.cases.sealedContact(id);
    if (!r) throw new CasesError(CasesErrorCode.CASE_NOT_FOUND, 'Case not found');
    const out: ComplainantContactView = { anonymous: r.anonymous, name: null, phone: null, email: null };
    if (!r.contactEnc) return out;
    const contact = JSON.parse(this.cipher.open(r.contactEnc, r.keyId, `case:${id}:complainant`)) as Record<string, unknown>;
    await this.audit.recordNow(actor, { action: 'case.contact.read', resourceType: 'case', resourceId: id });
    const text = (v: unknown) => (typeof v === 'string' ? v : null);
    return { anonymous: r.anonymous, name: text(contact.name), phone: text(contact.phone), email: text(contact.email) };
  }

  /** The case row and its machine state, if the actor may see the case (404 otherwise). */
  private async visibleCase(who: CaseActor, id: string): Promise<{ row: CaseRow; value: unknown; context: CaseContext }> {
    const where: string[] = ['c.id = $1'];
    const params: unknown[] = [id];
    this.scope(who, (sql, v) => {
      params.push(v);
      where.push(sql.replaceAll('?', `$${params.length}`));
    });
    const found = await this.cases.visibleCase(where, params);
    if (!found) throw new CasesError(CasesErrorCode.CASE_NOT_FOUND, 'Case not found');
    return found;
  }

  private eventsOf(caseId: string): Promise<CaseEventRow[]> {
    return this.cases.eventsOf(caseId);
  }

  /** Staff see every case; a member_rep only its organisation's; a liaison only cases referred to its agency. */
  private scope(who: CaseActor, add: (sql: string, v: unknown) => void): void {
    if (who.kind === 'member_rep') add('c.respondent_member_id = ?', who.memberId ?? '00000000-0000-0000-0000-000000000000');
    if (who.kind === 'liaison') add('c.referral_agency_id = ?', who.agencyId ?? '00000000-0000-0000-0000-000000000000');
  }

  /** Staff and respondents read cases here; agencies read their referrals (src/referrals/), complainants and partners the status routes. */
  private who(actor: Actor): CaseActor {
    const who = caseActorOf(actor);
    if (!who || (who.kind !== 'staff' && who.kind !== 'member_rep')) {
      throw new CasesError(CasesErrorCode.CASE_EVENT_FORBIDDEN, 'This caller does not read cases');
    }
    return who;
  }
}
