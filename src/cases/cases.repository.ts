import { Injectable } from '@nestjs/common';
import { UNBOUND_SCOPE_ID } from '../identity/index.js';
import type { EntityManager } from 'typeorm';
import type { Channel, CitedArticle, RespondentMatch } from './case.entity.js';
import type { DeadlineSettings } from './deadlines/deadline-policy.js';
import type { CaseContext, CaseEventType, DeadlineKind } from './machine/case.types.js';

/** A case row as the one door holds it while the row is locked. */
export interface LockedCase {
  id: string;
  reference: string;
  state: string;
  phase: string | null;
  snapshot: { value: unknown; context: CaseContext };
  version: number;
  respondentMemberId: string | null;
  partnerId: string | null;
  externalId: string | null;
  category: string;
  /** The category's deadline overrides (`complaint_categories.deadlines`). */
  deadlines: Partial<DeadlineSettings>;
  /** A test complaint: its transitions notify nobody and publish or refer nothing (only the partner's callback goes out). */
  test: boolean;
}

/**
 * Which cases a caller of the one door may lock: its member's or agency's (staff: any), and live or test ones. `test`
 * false: live cases only (staff, respondents, liaisons never reach a test case); true: test cases only (the partner's
 * sandbox); null: either (the complainant, proven by a receipt code, and the system's deadlines).
 */
export interface LockScope {
  memberId?: string | null;
  agencyId?: string | null;
  /** The sandbox's partner: only its own cases. */
  partnerId?: string | null;
  test: boolean | null;
}

export interface CaseRowRef {
  id: string;
  reference: string;
  state: string;
  phase: string | null;
}

/** Who wrote a history entry, as `case_events` records it. */
export interface EventAuthor {
  type: string;
  id: string | null;
  role: string;
}

/** What intake knows of a new complaint when it opens the case. */
export interface NewCase {
  channel: Channel;
  partnerId: string | null;
  externalId: string | null;
  respondentMemberId: string | null;
  respondentName: string;
  respondentUrl: string | null;
  respondentMatch: RespondentMatch;
  category: string;
  title: string;
  description: string;
  occurredAt: Date;
  urls: string[];
  citedArticles: CitedArticle[];
  complainantAnonymous: boolean;
  complainantContactEnc: Buffer | null;
  complainantKeyId: string | null;
  isEmployeeOfRespondent: boolean;
  receiptHash: string;
  /** A test complaint (a partner's sandbox key or test-mode site key): kept out of every staff, respondent and public read. */
  test: boolean;
}

/** The new case's row: the complaint, plus its id, reference year, first state and who created it. */
export interface NewCaseRow extends NewCase {
  id: string;
  year: string;
  state: string;
  phase: string | null;
  /** The persisted machine snapshot, as JSON text. */
  snapshot: string;
  machineVersion: number;
  at: Date;
  createdBy: string | null;
}

export interface ReminderTarget {
  caseId: string;
  reference: string;
  respondentMemberId: string | null;
  /** The due time as PostgreSQL renders it in JSON (kept verbatim in the reminder's payload). */
  dueAt: string;
}


/**
 * Every `cases`, `case_events` and `case_deadlines` statement of the one door, the deadline and reminder jobs and the
 * merge handling, by name. Each method runs on the manager it is given (the caller's transaction).
 */
@Injectable()
export class CasesRepository {
  /** Inserts the case (its reference drawn from the sequence in the same statement) and its RECEIVED entry; returns the reference. */
  async insertReceived(m: EntityManager, c: NewCaseRow, author: EventAuthor, firstEntry: Record<string, unknown>): Promise<string> {
    const [{ reference }] = await m.query(
      `WITH c AS (
         INSERT INTO cases (id, reference, channel, partner_id, external_id, respondent_member_id, respondent_name, respondent_url,
           respondent_match, category, title, description, occurred_at, urls, cited_articles, complainant_anonymous,
           complainant_contact_enc, complainant_key_id, is_employee_of_respondent, receipt_hash, state, phase, snapshot,
           machine_version, version, overdue, assignee_id, received_at, updated_at, created_by, test)
         VALUES ($1, (SELECT 'TS-' || $2 || '-' || lpad(v::text, greatest(6, length(v::text)), '0') FROM nextval('case_reference_seq') v),
           $3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,1,false,NULL,$25,$25,$26,$31)
         RETURNING id, reference)
       INSERT INTO case_events (case_id, seq, type, actor_type, actor_id, actor_role, from_state, to_state, payload, occurred_at)
       SELECT id, 1, 'RECEIVED', $27, $28, $29, NULL, $21, $30, $25 FROM c
       RETURNING (SELECT reference FROM c) AS reference`,
      [
        c.id, c.year, c.channel, c.partnerId, c.externalId, c.respondentMemberId, c.respondentName, c.respondentUrl,
        JSON.stringify(c.respondentMatch), c.category, c.title, c.description, c.occurredAt, JSON.stringify(c.urls),
        JSON.stringify(c.citedArticles), c.complainantAnonymous, c.complainantContactEnc, c.complainantKeyId,
        c.isEmployeeOfRespondent, c.receiptHash, c.state, c.phase, c.snapshot, c.machineVersion, c.at, c.createdBy,
        author.type, author.id, author.role, JSON.stringify(firstEntry), c.test,
      ],
    );
    return reference;
  }

  /**
   * The row, locked, if the scope lets its holder see it: no scope sees all; a member scope its member's cases; an agency
   * scope the cases referred to it; a partner scope (the sandbox) its partner's; `test` live cases, test cases or both. The lock is FOR NO KEY UPDATE, the strength an UPDATE of a case's (non-key) columns
   * takes anyway: it serialises transitions of one case but not inserts into tables that reference cases (history,
   * deadlines, the search indexer's batch), whose foreign-key checks take FOR KEY SHARE; FOR UPDATE made a merge, which
   * locks two cases, deadlock with an indexer batch holding one of them.
   */
  lockForTransition(m: EntityManager, caseId: string, scope: LockScope): Promise<LockedCase | null> {
    return this.scoped(m, caseId, scope, 'FOR NO KEY UPDATE OF c');
  }

  /** The row as `lockForTransition` reads it, without locking it (what the door would accept now, for a read). */
  findInScope(m: EntityManager, caseId: string, scope: LockScope): Promise<LockedCase | null> {
    return this.scoped(m, caseId, scope, '');
  }

  private async scoped(m: EntityManager, caseId: string, scope: LockScope, lock: string): Promise<LockedCase | null> {
    const rows: LockedCase[] = await m.query(
      `SELECT c.id, c.reference, c.state, c.phase, c.snapshot, c.version, c.respondent_member_id AS "respondentMemberId",
              c.partner_id AS "partnerId", c.external_id AS "externalId", c.category, cc.deadlines, c.test
         FROM cases c JOIN complaint_categories cc ON cc.code = c.category
        WHERE c.id = $1
          AND ($2::uuid IS NULL OR c.respondent_member_id = $2::uuid)
          AND ($3::uuid IS NULL OR c.referral_agency_id = $3::uuid)
          AND ($4::boolean IS NULL OR c.test = $4::boolean)
          AND ($5::uuid IS NULL OR c.partner_id = $5::uuid)
        ${lock}`,
      [
        caseId, scope.memberId === undefined ? null : (scope.memberId ?? UNBOUND_SCOPE_ID), scope.agencyId === undefined ? null : (scope.agencyId ?? UNBOUND_SCOPE_ID),
        scope.test, scope.partnerId === undefined ? null : (scope.partnerId ?? UNBOUND_SCOPE_ID),
      ],
    );
    return rows[0] ?? null;
  }

  /** The case a merged case went to (null when it is not merged, does not exist or is a test case). */
  async mergeTargetOf(m: EntityManager, caseId: string): Promise<string | null> {
    const [row] = await m.query('SELECT merged_into_id AS "mergedInto" FROM cases WHERE id = $1 AND NOT test', [caseId]);
    return row?.mergedInto ?? null;
  }

  /** Locks one case row as a transition does (FOR NO KEY UPDATE; a missing id locks nothing). */
  async lockRow(m: EntityManager, caseId: string): Promise<void> {
    await m.query('SELECT 1 FROM cases WHERE id = $1 FOR NO KEY UPDATE', [caseId]);
  }

  /** A live case's reference and state (null for an unknown or test case: a merge never involves one). */
  async findRef(m: EntityManager, caseId: string): Promise<CaseRowRef | null> {
    const [row] = await m.query('SELECT id, reference, state, phase FROM cases WHERE id = $1 AND NOT test', [caseId]);
    return row ?? null;
  }

  async isEmployeeOfRespondent(m: EntityManager, caseId: string): Promise<boolean> {
    const [row] = await m.query('SELECT is_employee_of_respondent AS employee FROM cases WHERE id = $1', [caseId]);
    return Boolean(row?.employee);
  }

  /** Writes the next snapshot if the row is still at `expectedVersion`; returns the new version, or null when it moved. */
  async saveSnapshot(
    m: EntityManager,
    s: { id: string; state: string; phase: string | null; snapshot: string; overdue: boolean; assigneeId: string | null; respondentMemberId: string | null; at: Date; expectedVersion: number },
  ): Promise<number | null> {
    const updated = await m.query(
      `UPDATE cases SET state = $2, phase = $3, snapshot = $4, version = version + 1, overdue = $5, assignee_id = $6,
              respondent_member_id = $7, updated_at = $8
        WHERE id = $1 AND version = $9 RETURNING version`,
      [s.id, s.state, s.phase, s.snapshot, s.overdue, s.assigneeId, s.respondentMemberId, s.at, s.expectedVersion],
    );
    // UPDATE … RETURNING answers [rows, count] through TypeORM.
    return updated[0].length === 0 ? null : updated[0][0].version;
  }

  /** Records on the case's respondent match that staff corrected it (the previous match is replaced; the history keeps it). */
  async recordRespondentCorrection(m: EntityManager, caseId: string, match: RespondentMatch): Promise<void> {
    await m.query('UPDATE cases SET respondent_match = $2 WHERE id = $1', [caseId, JSON.stringify(match)]);
  }

  /** Appends a history entry after the case's last one; returns its sequence number. */
  async insertEvent(
    m: EntityManager,
    e: { caseId: string; type: CaseEventType; author: EventAuthor; fromState: string; toState: string; payload: Record<string, unknown>; at: Date },
  ): Promise<number> {
    const [{ seq }] = await m.query(
      `INSERT INTO case_events (case_id, seq, type, actor_type, actor_id, actor_role, from_state, to_state, payload, occurred_at)
       SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9 FROM case_events WHERE case_id = $1
       RETURNING seq`,
      [e.caseId, e.type, e.author.type, e.author.id, e.author.role, e.fromState, e.toState, JSON.stringify(e.payload), e.at],
    );
    return seq;
  }

  /** A history-only entry (its state unchanged) with a new version of the case, in one statement. */
  async insertHistoryOnly(
    m: EntityManager,
    e: { caseId: string; type: string; author: EventAuthor; state: string; payload: Record<string, unknown>; at: Date },
  ): Promise<void> {
    await m.query(
      `WITH u AS (UPDATE cases SET version = version + 1, updated_at = $2 WHERE id = $1 RETURNING version)
       INSERT INTO case_events (case_id, seq, type, actor_type, actor_id, actor_role, from_state, to_state, payload, occurred_at)
       SELECT $1, coalesce(max(seq), 0) + 1, $3, $4, $5, $6, $7, $7, $8, $2 FROM case_events, u WHERE case_id = $1`,
      [e.caseId, e.at, e.type, e.author.type, e.author.id, e.author.role, e.state, JSON.stringify(e.payload)],
    );
  }

  /** When the case's open right of reply ends (null when none is open). */
  async openRightOfReplyDue(m: EntityManager, caseId: string): Promise<Date | null> {
    const [d] = await m.query(
      `SELECT due_at AS "dueAt" FROM case_deadlines WHERE case_id = $1 AND kind = 'right_of_reply' AND settled_at IS NULL ORDER BY started_at DESC LIMIT 1`,
      [caseId],
    );
    return d ? new Date(d.dueAt) : null;
  }

  /** Cancels the case's active deadline of this kind, if any. */
  async cancelActiveDeadline(m: EntityManager, caseId: string, kind: DeadlineKind, at: Date): Promise<void> {
    await m.query(`UPDATE case_deadlines SET settled_at = $3, outcome = 'cancelled' WHERE case_id = $1 AND kind = $2 AND settled_at IS NULL`, [caseId, kind, at]);
  }

  async insertDeadline(m: EntityManager, d: { caseId: string; kind: DeadlineKind; startedAt: Date; dueAt: Date; calendarCovered: boolean }): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO case_deadlines (case_id, kind, started_at, due_at, calendar_covered) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [d.caseId, d.kind, d.startedAt, d.dueAt, d.calendarCovered],
    );
    return id;
  }

  /** The deadline a DEADLINE_ELAPSED came from is settled as elapsed. */
  async settleElapsed(m: EntityManager, deadlineId: string, at: Date): Promise<void> {
    await m.query(`UPDATE case_deadlines SET settled_at = $2, outcome = 'elapsed' WHERE id = $1 AND settled_at IS NULL`, [deadlineId, at]);
  }

  /** True while the deadline exists and is not settled. */
  async isDeadlineActive(m: EntityManager, deadlineId: string): Promise<boolean> {
    const [row] = await m.query('SELECT settled_at FROM case_deadlines WHERE id = $1', [deadlineId]);
    return Boolean(row && !row.settled_at);
  }

  /** A deadline the state no longer cares about is cancelled (so its job is not retried). */
  async cancelDeadline(m: EntityManager, deadlineId: string): Promise<void> {
    await m.query(`UPDATE case_deadlines SET settled_at = now(), outcome = 'cancelled' WHERE id = $1 AND settled_at IS NULL`, [deadlineId]);
  }

  /** The case a reminder is about, while its deadline is active (null once it is settled, and for a test case: no respondent hears of one). */
  async reminderTarget(m: EntityManager, deadlineId: string, caseId: string): Promise<ReminderTarget | null> {
    const [row] = await m.query(
      `SELECT c.id AS "caseId", c.reference, c.respondent_member_id AS "respondentMemberId", to_jsonb(d.due_at) AS "dueAt"
         FROM case_deadlines d JOIN cases c ON c.id = d.case_id WHERE d.id = $1 AND d.case_id = $2 AND d.settled_at IS NULL AND NOT c.test`,
      [deadlineId, caseId],
    );
    return row ?? null;
  }

  // ---- the case purge (src/cases/case-purge.ts) ----

  /**
   * Locks these cases for deletion (FOR UPDATE: no transition, no indexer batch, no new history entry meanwhile); those
   * another transaction holds are skipped (the next run takes them). Their ids and references.
   */
  lockForPurge(m: EntityManager, caseIds: readonly string[]): Promise<{ id: string; reference: string }[]> {
    return m.query('SELECT id, reference FROM cases WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE SKIP LOCKED', [caseIds]);
  }

  /** Deletes the cases context's rows of these (locked) cases, the case rows last; the number of rows deleted. */
  async deleteCases(m: EntityManager, caseIds: readonly string[]): Promise<number> {
    // DELETE answers [rows, count] through TypeORM.
    const counts = [
      await m.query('DELETE FROM case_search_pending WHERE case_id = ANY($1::uuid[])', [caseIds]),
      await m.query('DELETE FROM case_search_text WHERE case_id = ANY($1::uuid[])', [caseIds]),
      await m.query('DELETE FROM case_deadlines WHERE case_id = ANY($1::uuid[])', [caseIds]),
      await m.query('DELETE FROM case_events WHERE case_id = ANY($1::uuid[])', [caseIds]),
      await m.query('DELETE FROM cases WHERE id = ANY($1::uuid[])', [caseIds]),
    ];
    return counts.reduce((sum, [, n]) => sum + (n as number), 0);
  }
}
