import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The states a case no longer moves out of by itself (as the reports' `cases_open_received_idx` counts them). */
const NOT_OPEN = `('closed', 'dismissed', 'withdrawn', 'merged')`;

/** Whose cases a staff digest section covers: every case (supervisors), or one caseworker's and the unassigned ones. */
export type DigestScope = { kind: 'all' } | { kind: 'assignee'; userId: string };

/** A section's count and its first items (the count includes those left out). */
export interface DigestList<Item> {
  total: number;
  items: Item[];
}

export interface TriageItem {
  id: string;
  reference: string;
  categoryZh: string;
  categoryEn: string;
  receivedAt: Date;
}

export interface DueItem {
  id: string;
  reference: string;
  /** The deadline's kind (`triage`, `response`, `resolution`, …). */
  deadline: string;
  dueAt: Date;
}

export interface OverdueItem {
  id: string;
  reference: string;
  /** Which of the case's deadlines were missed: `triage`, `response`, `resolution`. */
  missed: string[];
}

export interface ApprovalItem {
  id: string;
  reference: string;
  kind: 'publication' | 'referral';
  proposedAt: Date;
}

export interface ReferralMilestoneItem {
  id: string;
  reference: string;
  milestone: 'acknowledged' | 'concluded';
  at: Date;
}

type Counted<T> = T & { total: number };

function listOf<T>(rows: Counted<T>[]): DigestList<T> {
  return { total: rows[0]?.total ?? 0, items: rows.map(({ total: _total, ...item }) => item as T) };
}

/** `c` is in the scope: `$n` is the caseworker's id (or the condition is true for every case). */
function scopeSql(scope: DigestScope, params: unknown[]): string {
  if (scope.kind === 'all') return 'true';
  params.push(scope.userId);
  return `(c.assignee_id = $${params.length} OR c.assignee_id IS NULL)`;
}

/**
 * What the staff's daily digest says about cases (the mail context builds it): counts and references, never the
 * complaint's text or the complainant. Test complaints are never counted. Each list is ordered oldest first and cut at
 * `limit` items; its `total` counts them all. Runs in the caller's transaction.
 */
@Injectable()
export class CaseDigestRepository {
  /** Cases received in (`since`, `until`] that are still waiting for triage (state `received`); cases_state_received_idx. */
  async newInTriage(m: EntityManager, since: Date, until: Date, limit: number): Promise<DigestList<TriageItem>> {
    const rows: Counted<TriageItem>[] = await m.query(
      `SELECT c.id, c.reference, cc.label_zh AS "categoryZh", cc.label_en AS "categoryEn", c.received_at AS "receivedAt", count(*) OVER ()::int AS total
         FROM cases c JOIN complaint_categories cc ON cc.code = c.category
        WHERE c.state = 'received' AND NOT c.test AND c.received_at > $1 AND c.received_at <= $2
        ORDER BY c.received_at, c.id LIMIT $3`,
      [since, until, limit],
    );
    return listOf(rows);
  }

  /** Deadlines still running that fall due in [`from`, `to`) on open cases in the scope, soonest first; case_deadlines_due_idx. */
  async deadlinesDue(m: EntityManager, from: Date, to: Date, scope: DigestScope, limit: number): Promise<DigestList<DueItem>> {
    const params: unknown[] = [from, to, limit];
    const rows: Counted<DueItem>[] = await m.query(
      `SELECT c.id, c.reference, d.kind AS deadline, d.due_at AS "dueAt", count(*) OVER ()::int AS total
         FROM case_deadlines d JOIN cases c ON c.id = d.case_id
        WHERE d.settled_at IS NULL AND d.due_at >= $1 AND d.due_at < $2
          AND NOT c.test AND c.state NOT IN ${NOT_OPEN} AND ${scopeSql(scope, params)}
        ORDER BY d.due_at, c.reference, d.kind LIMIT $3`,
      params,
    );
    return listOf(rows);
  }

  /** Open cases in the scope marked overdue (a triage, response or resolution deadline missed), oldest first. */
  async overdue(m: EntityManager, scope: DigestScope, limit: number): Promise<DigestList<OverdueItem>> {
    const params: unknown[] = [limit];
    const rows: Counted<{ id: string; reference: string; flags: Record<string, unknown> | null }>[] = await m.query(
      `SELECT c.id, c.reference, c.snapshot -> 'context' -> 'overdue' AS flags, count(*) OVER ()::int AS total
         FROM cases c
        WHERE c.overdue AND NOT c.test AND c.state NOT IN ${NOT_OPEN} AND ${scopeSql(scope, params)}
        ORDER BY c.received_at, c.id LIMIT $1`,
      params,
    );
    return listOf(
      rows.map(({ flags, ...r }) => ({ ...r, missed: ['triage', 'response', 'resolution'].filter((k) => flags?.[k] === true) })),
    );
  }

  /**
   * Proposals (publication, referral) waiting for a second supervisor's approval on open cases, except those proposed
   * by `approverId` (four eyes: they cannot approve their own), oldest first. Reached through the proposal events
   * (case_events_type_occurred_idx: few), not by reading every case's snapshot.
   */
  async pendingProposals(m: EntityManager, approverId: string, limit: number): Promise<DigestList<ApprovalItem>> {
    const rows: Counted<ApprovalItem>[] = await m.query(
      `SELECT c.id, c.reference, p.proposal ->> 'kind' AS kind, (p.proposal ->> 'at')::timestamptz AS "proposedAt", count(*) OVER ()::int AS total
         FROM cases c CROSS JOIN LATERAL (SELECT c.snapshot -> 'context' -> 'proposal' AS proposal) p
        WHERE c.id IN (SELECT e.case_id FROM case_events e WHERE e.type IN ('PROPOSE_PUBLICATION', 'PROPOSE_REFERRAL'))
          AND NOT c.test AND c.state NOT IN ${NOT_OPEN}
          AND jsonb_typeof(p.proposal) = 'object' AND (p.proposal ->> 'proposedBy') IS DISTINCT FROM $1::text
        ORDER BY (p.proposal ->> 'at')::timestamptz, c.id LIMIT $2`,
      [approverId, limit],
    );
    return listOf(rows);
  }

  /** Referrals an agency acknowledged or concluded in (`since`, `until`] on cases in the scope, in order; case_events_type_occurred_idx. */
  async referralMilestones(m: EntityManager, since: Date, until: Date, scope: DigestScope, limit: number): Promise<DigestList<ReferralMilestoneItem>> {
    const params: unknown[] = [since, until, limit];
    const rows: Counted<ReferralMilestoneItem>[] = await m.query(
      `SELECT c.id, c.reference, CASE e.type WHEN 'LE_ACKNOWLEDGE' THEN 'acknowledged' ELSE 'concluded' END AS milestone,
              e.occurred_at AS at, count(*) OVER ()::int AS total
         FROM case_events e JOIN cases c ON c.id = e.case_id
        WHERE e.type IN ('LE_ACKNOWLEDGE', 'LE_CONCLUDE') AND e.occurred_at > $1 AND e.occurred_at <= $2
          AND NOT c.test AND ${scopeSql(scope, params)}
        ORDER BY e.occurred_at, e.id LIMIT $3`,
      params,
    );
    return listOf(rows);
  }
}
