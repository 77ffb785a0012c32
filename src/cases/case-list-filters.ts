import type { WorkingCalendar } from '../calendar/index.js';
import type { Where } from '../platform/sql.js';
import { workingDaysHorizon } from './deadlines/deadline-policy.js';
import type { ListCasesQuery } from './dto/case.dto.js';

/**
 * The case list's filters as conditions on alias `c`, shared by `GET /v1/cases` and the queue counts of
 * `GET /v1/cases/queues` (so a queue's count and its list cannot disagree). The fixed predicates are written exactly as
 * the partial indexes of migration CaseQueueIndexes state them, so the planner can use those indexes.
 */

/** Open: the case still moves (not closed, dismissed, withdrawn or merged); the predicate of the open-case indexes. */
export const OPEN_SQL = `c.state NOT IN ('closed', 'dismissed', 'withdrawn', 'merged')`;

/** Who proposed the pending publication or referral (null when none is pending): cases_pending_proposal_idx's expression. */
const PROPOSED_BY_SQL = `(c.snapshot #>> '{context,proposal,proposedBy}')`;

/**
 * Filters on the association's internal organisation and the staff's queues: a respondent may not use them. (`open` is
 * not among them: whether a case still moves is the respondent's business too, the member portal's default list.)
 */
export const STAFF_ONLY_FILTERS = ['partner', 'assignee', 'overdue', 'channel', 'phase', 'mine', 'dueWithin', 'awaitingApproval'] as const;

/** What the caller-relative filters (`mine`, `awaitingApproval`, `dueWithin`) are relative to. */
export interface FilterCaller {
  /** The staff user's id (null: no user, so nothing is "mine" or awaits it). */
  userId: string | null;
  /** Only supervisors approve proposals. */
  supervisor: boolean;
  now: Date;
  /** The working-day calendar; needed only with `dueWithin`. */
  calendar: WorkingCalendar | null;
}

/** Adds the query's filters to `w` (its scope is the caller's business); returns `w`. */
export function addListFilters(w: Where, q: ListCasesQuery, caller: FilterCaller): Where {
  if (q.state) w.add('c.state = ?', q.state);
  if (q.phase) w.add('c.phase = ?', q.phase);
  if (q.category) w.add('c.category = ?', q.category);
  if (q.respondent) w.add('c.respondent_member_id = ?', q.respondent);
  if (q.partner) w.add('c.partner_id = ?', q.partner);
  if (q.assignee) w.add('c.assignee_id = ?', q.assignee);
  if (q.channel) w.add('c.channel = ?', q.channel);
  // Literal booleans, not parameters: the partial indexes' predicates must be provable from the query's text.
  if (q.overdue !== undefined) w.addRaw(q.overdue ? 'c.overdue' : 'NOT c.overdue');
  if (q.open !== undefined) w.addRaw(q.open ? OPEN_SQL : `NOT (${OPEN_SQL})`);
  if (q.mine) {
    if (caller.userId) w.add('c.assignee_id = ?', caller.userId);
    else w.addRaw('false');
  }
  if (q.awaitingApproval) {
    // Four eyes: a proposal never awaits its own proposer; caseworkers approve nothing.
    if (caller.supervisor && caller.userId) w.addRaw(`${PROPOSED_BY_SQL} IS NOT NULL`).add(`${PROPOSED_BY_SQL} <> ?`, caller.userId);
    else w.addRaw('false');
  }
  if (q.dueWithin !== undefined) {
    if (!caller.calendar) throw new Error('addListFilters: dueWithin needs the working-day calendar');
    const by = workingDaysHorizon(caller.now, q.dueWithin, caller.calendar);
    // ARRAY(…): the running deadlines in the window first (case_deadlines_running_due_idx, a few thousand), then their
    // cases by id; as IN (…) the planner walked the open cases newest first probing each one's deadlines (150 ms on 1M).
    w.addRaw(OPEN_SQL).add(
      'c.id = ANY (ARRAY(SELECT d.case_id FROM case_deadlines d WHERE d.settled_at IS NULL AND d.due_at > ? AND d.due_at <= ?))',
      caller.now,
      by,
    );
  }
  if (q.receivedFrom) w.add('c.received_at >= ?', q.receivedFrom);
  if (q.receivedTo) w.add('c.received_at < ?', q.receivedTo);
  return w;
}
