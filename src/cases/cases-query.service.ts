import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AuditService } from '../audit/index.js';
import type { Actor } from '../platform/access/principal.js';
import { Clock } from '../platform/clock.js';
import { FieldCipher } from '../platform/crypto/field-cipher.js';
import { HttpError, HttpErrorCode } from '../platform/errors/http-error.js';
import type { Page } from '../platform/pagination.js';
import { Where } from '../platform/sql.js';
import { CalendarService } from '../calendar/index.js';
import { workingDaysLeft } from './deadlines/deadline-policy.js';
import { scopeOf, UsersRepository } from '../identity/index.js';
import { addListFilters, type FilterCaller, STAFF_ONLY_FILTERS } from './case-list-filters.js';
import { CaseReadsRepository, DEADLINE_FIRST, NEWEST_FIRST, RESPONDENT_SEARCHABLE } from './case-reads.repository.js';
import { CaseSearch } from './case-search.js';
import { PUBLISHED_DISCLOSURES, type PublishedDisclosures } from './case-ports.js';
import { caseActorOf, CaseTransitionsService } from './case-transitions.service.js';
import { CasesError, CasesErrorCode } from './cases.errors.js';
import type { ListCasesQuery } from './dto/case.dto.js';
import { caseMachine } from './machine/case.machine.js';
import type { CaseActor, CaseContext } from './machine/case.types.js';
import type { CaseEventRow, CaseFacts, CaseRow, CaseSummaryRow } from './views/case-rows.js';
import {
  RESPONDENT_DEADLINES,
  respondentCase,
  respondentCaseListItem,
  type RespondentCaseListItemView,
  respondentHistory,
  type RespondentCaseView,
  type RespondentHistoryEntryView,
} from './views/respondent.view.js';
import {
  type CaseQueuesView,
  type ComplainantContactView,
  staffCase,
  staffCaseSummary,
  staffHistoryEntry,
  type StaffCaseSummaryView,
  type StaffCaseView,
  type StaffHistoryEntryView,
} from './views/staff.view.js';

/** Counts of a work queue stop here (`capped: true` beyond): a count never walks more than this many rows. */
export const QUEUE_COUNT_CAP = 1000;

type QueueName = keyof CaseQueuesView;

/**
 * The work queues of `GET /v1/cases/queues`, each as the list filters that show it: the count and the console's list
 * (`GET /v1/cases?<query>`) run the same conditions (addListFilters).
 */
const QUEUES: Record<QueueName, ListCasesQuery> = {
  triage: { state: 'received' },
  mine: { mine: true, open: true },
  awaitingRespondent: { state: 'investigating', phase: 'awaiting_response' },
  dueSoon: { dueWithin: 2 },
  overdue: { overdue: true, open: true },
  approvals: { awaitingApproval: true },
};

const queryString = (q: ListCasesQuery): string => new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)])).toString();

export type CaseSummaryView = StaffCaseSummaryView | RespondentCaseListItemView;
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
    private readonly calendar: CalendarService,
    private readonly users: UsersRepository,
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
    if (q.sort === 'deadline' && q.q) {
      throw new HttpError(HttpErrorCode.VALIDATION_FAILED, 'A text search is listed newest first', {
        errors: [{ field: 'sort', code: 'SORT_NOT_WITH_SEARCH', message: 'sort=deadline cannot be combined with q' }],
      });
    }
    const limit = q.limit ?? 50;
    const w = addListFilters(this.scoped(actor), q, await this.filterCaller(who, q));
    const forwarded = who.kind !== 'staff';
    if (q.sort === 'deadline') return this.deadlineFirst(who, w, q.cursor, limit);
    // A respondent searches only text it has been shown: never a protected complaint, nor one not yet brought to it.
    if (q.q && who.kind !== 'staff') w.addRaw(RESPONDENT_SEARCHABLE);
    const after = NEWEST_FIRST.decode(q.cursor);
    if (after) w.add(NEWEST_FIRST.clause, ...after);
    const rows = q.q
      ? await this.search.newest<CaseSummaryRow>(q.q, w, limit + 1, forwarded)
      : await this.cases.newest<CaseSummaryRow>(w, limit + 1, forwarded);
    const page = NEWEST_FIRST.page(rows, limit, (r) => [r.receivedAt.toISOString(), r.id], (r) => r);
    return { items: await this.summaries(who, page.items), nextCursor: page.nextCursor };
  }

  /**
   * `sort=deadline`: the cases with a running deadline the caller must meet (a respondent: its answer and right of
   * reply; staff: every deadline) by the due time of their first one, ties by id; then the others newest first. Two
   * keyset queries at most per page; the cursor says in which part the previous page ended (DEADLINE_FIRST).
   */
  private async deadlineFirst(who: CaseActor, w: Where, cursor: string | undefined, limit: number): Promise<Page<CaseSummaryView>> {
    const kinds = who.kind === 'staff' ? null : RESPONDENT_DEADLINES;
    const forwarded = who.kind !== 'staff';
    const after = DEADLINE_FIRST.decode(cursor);
    const due = after?.[0] === 'rest' ? [] : await this.cases.dueFirst<CaseSummaryRow>(w, kinds, after && [after[1], after[2]], limit + 1, forwarded);
    const cursorOfDue = (r: CaseSummaryRow & { sortDueAt: Date }) => DEADLINE_FIRST.encode(['due', r.sortDueAt.toISOString(), r.id]);
    if (due.length > limit) {
      const items = due.slice(0, limit);
      return { items: await this.summaries(who, items), nextCursor: cursorOfDue(items[limit - 1]) };
    }
    const room = limit - due.length;
    const rest = w.copy();
    if (after?.[0] === 'rest') rest.add(NEWEST_FIRST.clause, after[1], after[2]);
    const others = await this.cases.newestWithoutDeadline<CaseSummaryRow>(rest, kinds, room + 1, forwarded);
    const shown = others.slice(0, room);
    let nextCursor: string | null = null;
    if (others.length > room) {
      // A page filled by the first part ends there; the next one finds that part exhausted and starts the second.
      nextCursor = shown.length ? DEADLINE_FIRST.encode(['rest', shown[room - 1].receivedAt.toISOString(), shown[room - 1].id]) : cursorOfDue(due[due.length - 1]);
    }
    return { items: await this.summaries(who, [...due, ...shown]), nextCursor };
  }

  /** A page's rows as the caller's audience sees them, each with the deadline that falls due first (the countdown). */
  private async summaries(who: CaseActor, rows: CaseSummaryRow[]): Promise<CaseSummaryView[]> {
    // One more query on the page's ids (not a column of the list query: search materialises every match).
    if (who.kind === 'staff') {
      const next = await this.cases.firstRunningDeadlines(rows.map((r) => r.id));
      return rows.map((r) => staffCaseSummary({ ...r, nextDeadline: next.get(r.id) ?? null }));
    }
    const next = await this.cases.firstRunningDeadlines(rows.map((r) => r.id), RESPONDENT_DEADLINES);
    const calendar = next.size ? await this.calendar.current() : null;
    const now = this.clock.now();
    return rows.map((r) => respondentCaseListItem(r, next.get(r.id), calendar ? (dueAt) => workingDaysLeft(now, dueAt, calendar) : null));
  }

  /** The caller's work queues: each count (up to QUEUE_COUNT_CAP) and the list query that shows the same cases. Staff only. */
  async queues(actor: Actor): Promise<CaseQueuesView> {
    const who = this.who(actor);
    if (who.kind !== 'staff') throw new CasesError(CasesErrorCode.CASE_EVENT_FORBIDDEN, 'The work queues are the staff\'s');
    const caller = await this.filterCaller(who, { dueWithin: 1 });
    const names = Object.keys(QUEUES) as QueueName[];
    const counts = await Promise.all(
      names.map((name) =>
        name === 'approvals' && !caller.supervisor ? 0 : this.cases.countUpTo(addListFilters(this.scoped(actor), QUEUES[name], caller), QUEUE_COUNT_CAP + 1),
      ),
    );
    const out = {} as CaseQueuesView;
    names.forEach((name, i) => {
      out[name] = { count: Math.min(counts[i], QUEUE_COUNT_CAP), capped: counts[i] > QUEUE_COUNT_CAP, query: queryString(QUEUES[name]) };
    });
    return out;
  }

  async detail(actor: Actor, id: string): Promise<CaseDetailView> {
    const who = this.who(actor);
    const { row, value, context } = await this.visibleCase(actor, id);
    const snapshot = caseMachine.resolveState({ value: value as never, context });
    const now = this.clock.now();
    const replyDue = row.deadlines.find((d) => d.kind === 'right_of_reply')?.dueAt;
    const calendar = row.deadlines.length ? await this.calendar.current() : null;
    const facts: CaseFacts = {
      workingDaysLeft: calendar ? (dueAt) => workingDaysLeft(now, dueAt, calendar) : undefined,
      context,
      allowedEvents: this.transitions.allowedFor(snapshot, who, now),
      refusedEvents: this.transitions.refusedFor(snapshot, who, now, replyDue ? new Date(replyDue).toISOString() : null),
      disclosure: null,
    };
    if (who.kind === 'staff') {
      facts.assigneeName = row.assigneeId ? await this.users.displayNameOf(row.assigneeId) : null;
      return staffCase(row, facts);
    }
    facts.disclosure = await this.disclosures.newestOfCase(id);
    return respondentCase(row, facts, await this.eventsOf(id));
  }

  async history(actor: Actor, id: string): Promise<CaseHistoryEntryView[]> {
    const who = this.who(actor);
    await this.visibleCase(actor, id);
    const events = await this.eventsOf(id);
    return who.kind === 'staff' ? events.map(staffHistoryEntry) : respondentHistory(events);
  }

  /** The decrypted contact, for staff only; every reveal is audited. */
  async complainantContact(actor: Actor, id: string): Promise<ComplainantContactView> {
    const r = await this.cases.sealedContact(id);
    if (!r) throw new CasesError(CasesErrorCode.CASE_NOT_FOUND, 'Case not found');
    const out: ComplainantContactView = { anonymous: r.anonymous, name: null, phone: null, email: null, mailConsent: false, locale: null };
    if (!r.contactEnc) return out;
    const contact = JSON.parse(this.cipher.open(r.contactEnc, r.keyId, `case:${id}:complainant`)) as Record<string, unknown>;
    await this.audit.recordNow(actor, { action: 'case.contact.read', resourceType: 'case', resourceId: id });
    const text = (v: unknown) => (typeof v === 'string' ? v : null);
    return {
      anonymous: r.anonymous, name: text(contact.name), phone: text(contact.phone), email: text(contact.email),
      mailConsent: contact.mailConsent === true, locale: contact.locale === 'en' || contact.locale === 'zh-CN' ? contact.locale : null,
    };
  }

  /** The case row and its machine state, if the actor may see the case (404 otherwise). */
  private async visibleCase(actor: Actor, id: string): Promise<{ row: CaseRow; value: unknown; context: CaseContext }> {
    const found = await this.cases.visibleCase(this.scoped(actor).add('c.id = ?', id));
    if (!found) throw new CasesError(CasesErrorCode.CASE_NOT_FOUND, 'Case not found');
    return found;
  }

  private eventsOf(caseId: string): Promise<CaseEventRow[]> {
    return this.cases.eventsOf(caseId);
  }

  /**
   * The conditions that confine a query to the caller's object scope (identity's scopeOf): staff see every case, a
   * member_rep its member's; nobody here sees a test case (the partner's sandbox: only its own status routes read those).
   * `NOT c.test` comes first and matches the list indexes' predicate (partial indexes WHERE NOT test).
   */
  private scoped(actor: Actor): Where {
    const scope = scopeOf(actor);
    const w = new Where().addRaw('NOT c.test');
    if (scope.kind === 'member') w.add('c.respondent_member_id = ?', scope.memberId);
    else if (scope.kind === 'agency') w.add('c.referral_agency_id = ?', scope.agencyId);
    else if (scope.kind !== 'all') w.addRaw('false');
    return w;
  }

  /** What the caller-relative filters need: the user, whether it approves, now, and the calendar when dueWithin is asked. */
  private async filterCaller(who: CaseActor, q: ListCasesQuery): Promise<FilterCaller> {
    return {
      userId: who.kind === 'staff' ? who.id : null,
      supervisor: who.role === 'supervisor',
      now: this.clock.now(),
      calendar: q.dueWithin !== undefined ? await this.calendar.current() : null,
    };
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
