import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/index.js';
import type { Actor } from '../platform/access/principal.js';
import { Clock } from '../platform/clock.js';
import { FieldCipher } from '../platform/crypto/field-cipher.js';
import { HttpError, HttpErrorCode } from '../platform/errors/http-error.js';
import { decodeCursor, type Page, pageOf } from '../platform/pagination.js';
import { whereSql } from '../platform/sql.js';
import { CaseSearch } from './case-search.js';
import { caseActorOf, CaseTransitionsService } from './case-transitions.service.js';
import { CasesError, CasesErrorCode } from './cases.errors.js';
import type { ListCasesQuery } from './dto/case.dto.js';
import { caseMachine } from './machine/case.machine.js';
import type { CaseActor, CaseContext } from './machine/case.types.js';
import type { CaseEventRow, CaseFacts, CaseRow, CaseSummaryRow } from './views/case-rows.js';
import {
  FORWARDING_EVENTS,
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

/** Columns of a case row that any view may be made of; the contact blob, its key, the receipt hash and the snapshot are not among them. */
const SUMMARY = `c.id, c.reference, c.state, c.phase, c.channel, c.category, c.title, c.respondent_member_id AS "respondentMemberId",
  c.respondent_name AS "respondentName", c.partner_id AS "partnerId", c.assignee_id AS "assigneeId", c.overdue,
  c.is_employee_of_respondent AS "isEmployeeOfRespondent", c.received_at AS "receivedAt", c.updated_at AS "updatedAt", c.version`;

const isCursor = (v: unknown): v is [string, string] =>
  Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && !Number.isNaN(Date.parse(v[0])) && typeof v[1] === 'string' && /^[0-9a-f-]{36}$/i.test(v[1]);

/** Whether the association has brought case `c` to its respondent (FORWARDING_EVENTS in its history). */
const FORWARDED_SQL = `EXISTS (SELECT 1 FROM case_events fe WHERE fe.case_id = c.id AND fe.type IN (${FORWARDING_EVENTS.map((t) => `'${t}'`).join(', ')}))`;

/** Filters on the association's internal organisation: a respondent may not sort its cases by them. */
const STAFF_ONLY_FILTERS = ['partner', 'assignee', 'overdue'] as const;

export type CaseSummaryView = StaffCaseSummaryView | RespondentCaseSummaryView;
export type CaseDetailView = StaffCaseView | RespondentCaseView;
export type CaseHistoryEntryView = StaffHistoryEntryView | RespondentHistoryEntryView;

/** Reads of cases, scoped in the query to what the caller may see and shaped by its audience (src/cases/views/). */
@Injectable()
export class CasesQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transitions: CaseTransitionsService,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly search: CaseSearch,
  ) {}

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
    if (q.q && who.kind !== 'staff') where.push(`c.is_employee_of_respondent = false AND ${FORWARDED_SQL}`);
    const after = decodeCursor(q.cursor, isCursor);
    if (after) {
      params.push(after[0], after[1]);
      where.push(`(c.received_at, c.id) < ($${params.length - 1}, $${params.length})`);
    }
    const columns = who.kind === 'staff' ? SUMMARY : `${SUMMARY}, ${FORWARDED_SQL} AS forwarded`;
    const rows = q.q ? await this.search.newest<CaseSummaryRow>(columns, q.q, where, params, limit + 1) : await this.listAll(columns, where, params, limit + 1);
    const view = who.kind === 'staff' ? staffCaseSummary : respondentCaseSummary;
    return pageOf(rows, limit, (r) => [r.receivedAt.toISOString(), r.id], view);
  }

  /** The newest `n` cases matching the filters. */
  private listAll(columns: string, where: string[], params: unknown[], n: number): Promise<CaseSummaryRow[]> {
    return this.dataSource.query(
      `SELECT ${columns} FROM cases c ${whereSql(where)} ORDER BY c.received_at DESC, c.id DESC LIMIT $${params.length + 1}`,
      [...params, n],
    );
  }

  async detail(actor: Actor, id: string): Promise<CaseDetailView> {
    const who = this.who(actor);
    const { row, value, context } = await this.visibleCase(who, id);
    const snapshot = caseMachine.resolveState({ value: value as never, context });
    const facts: CaseFacts = { context, allowedEvents: this.transitions.allowedFor(snapshot, who, this.clock.now()), disclosure: null };
    if (who.kind === 'staff') return staffCase(row, facts);
    facts.disclosure = await this.publishedDisclosureOf(id);
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
    const rows = await this.dataSource.query(
      `SELECT complainant_anonymous AS anonymous, complainant_contact_enc AS "contactEnc", complainant_key_id AS "keyId" FROM cases WHERE id = $1`,
      [id],
    );
    const r = rows[0];
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
    const rows = await this.dataSource.query(
      `SELECT ${SUMMARY}, c.description, c.occurred_at AS "occurredAt", c.urls, c.cited_articles AS "citedArticles",
              c.respondent_match AS "respondentMatch", c.complainant_anonymous AS "complainantAnonymous",
              (c.complainant_contact_enc IS NOT NULL) AS "hasContact",
              c.snapshot -> 'value' AS "stateValue", c.snapshot -> 'context' AS context,
              (SELECT coalesce(json_agg(json_build_object('kind', d.kind, 'dueAt', d.due_at, 'calendarCovered', d.calendar_covered) ORDER BY d.due_at), '[]')
                 FROM case_deadlines d WHERE d.case_id = c.id AND d.settled_at IS NULL) AS deadlines
         FROM cases c WHERE ${where.join(' AND ')}`,
      params,
    );
    const r = rows[0];
    if (!r) throw new CasesError(CasesErrorCode.CASE_NOT_FOUND, 'Case not found');
    const { stateValue, context, ...row } = r;
    return { row: row as CaseRow, value: stateValue, context: context as CaseContext };
  }

  /** Named query: the case's history in order. */
  private eventsOf(caseId: string): Promise<CaseEventRow[]> {
    return this.dataSource.query(
      `SELECT seq, type, actor_type AS "actorType", actor_id AS "actorId", actor_role AS "actorRole", from_state AS "fromState",
              to_state AS "toState", payload, occurred_at AS "occurredAt"
         FROM case_events WHERE case_id = $1 ORDER BY seq`,
      [caseId],
    );
  }

  /** Named query: the disclosure published for this case (the newest), if a publication was approved. */
  private async publishedDisclosureOf(caseId: string): Promise<CaseFacts['disclosure']> {
    const rows = await this.dataSource.query(
      `SELECT id, summary, findings, reply, published_at AS "publishedAt", retracted_at AS "retractedAt"
         FROM disclosures WHERE case_id = $1 ORDER BY published_at DESC LIMIT 1`,
      [caseId],
    );
    return rows[0] ?? null;
  }

  /** Staff see every case; a member_rep only its organisation's; a liaison only cases referred to its agency. */
  private scope(who: CaseActor, add: (sql: string, v: unknown) => void): void {
    if (who.kind === 'member_rep') add('c.respondent_member_id = ?', who.memberId ?? '00000000-0000-0000-0000-000000000000');
    if (who.kind === 'liaison') add(`c.snapshot -> 'context' -> 'referral' ->> 'agencyId' = ?`, who.agencyId ?? '-');
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
