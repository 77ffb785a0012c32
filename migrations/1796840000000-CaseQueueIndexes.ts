import type { MigrationInterface, QueryRunner } from 'typeorm';

const OPEN = `state NOT IN ('closed', 'dismissed', 'withdrawn', 'merged')`;

/**
 * The console's work queues (issue #16): `GET /v1/cases/queues` counts and the list filters behind them
 * (`mine`, `overdue` with `open`, `state` with `phase`, `awaitingApproval`, `dueWithin`). Each is a partial index over
 * the few live cases it can match (open ones, pending proposals, running deadlines), so a count or a page never walks
 * the closed majority of a large table (docs/performance.md, "Work queues").
 */
const INDEXES: [string, string][] = [
  ['cases_open_assignee_idx', `"cases" ("assignee_id", "received_at" DESC, "id" DESC) WHERE ${OPEN} AND NOT test`],
  ['cases_open_overdue_idx', `"cases" ("received_at" DESC, "id" DESC) WHERE overdue AND ${OPEN} AND NOT test`],
  ['cases_open_state_phase_idx', `"cases" ("state", "phase", "received_at" DESC, "id" DESC) WHERE ${OPEN} AND NOT test`],
  // A pending proposal lives in the machine snapshot; the expression is the one the list filter uses (QUEUE_SQL).
  ['cases_pending_proposal_idx', `"cases" ("received_at" DESC, "id" DESC) WHERE (snapshot #>> '{context,proposal,proposedBy}') IS NOT NULL AND NOT test`],
  ['case_deadlines_running_due_idx', `"case_deadlines" ("due_at") INCLUDE ("case_id") WHERE settled_at IS NULL`],
];

export class CaseQueueIndexes1796840000000 implements MigrationInterface {
  name = 'CaseQueueIndexes1796840000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, definition] of INDEXES) await q.query(`CREATE INDEX "${name}" ON ${definition}`);
    // Without statistics on the expression the planner guesses how many cases have a pending proposal (a default
    // selectivity, far too many) and counts them by a sequential scan; with them it takes the partial index.
    await q.query(`CREATE STATISTICS "cases_pending_proposal_stats" ON (snapshot #>> '{context,proposal,proposedBy}') FROM "cases"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP STATISTICS "public"."cases_pending_proposal_stats"`);
    for (const [name] of [...INDEXES].reverse()) await q.query(`DROP INDEX "public"."${name}"`);
  }
}
