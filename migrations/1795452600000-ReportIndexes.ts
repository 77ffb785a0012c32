import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the reports (docs/reports.md, "Indexes"): partial and covering indexes that TypeORM cannot express,
 * declared on the entities with `synchronize: false` so the schema diff leaves them alone.
 */
export class ReportIndexes1795452600000 implements MigrationInterface {
  name = 'ReportIndexes1795452600000';

  async up(q: QueryRunner): Promise<void> {
    // Intake by channel, partner, category and respondent without reading the wide case rows.
    await q.query(`CREATE INDEX "cases_received_cover_idx" ON "cases" ("received_at") INCLUDE ("id", "respondent_member_id", "channel", "partner_id", "category")`);
    // Open at the end of a range: the cases open now, and those whose history went on after it.
    await q.query(`CREATE INDEX "cases_open_received_idx" ON "cases" ("received_at") WHERE state NOT IN ('closed', 'dismissed', 'withdrawn', 'merged')`);
    await q.query(`CREATE INDEX "cases_updated_idx" ON "cases" ("updated_at") INCLUDE ("received_at", "id")`);
    // The history entries the evaluation and the summary count, by time.
    await q.query(
      `CREATE INDEX "case_events_outcomes_idx" ON "case_events" ("occurred_at") WHERE type IN ('RESOLVE', 'AGREEMENT', 'MEDIATION_FAILED', 'DEADLINE_ELAPSED', 'APPROVE', 'RESPOND', 'DISMISS')`,
    );
    // Request → (deadline elapsed) → answer, per case: one backward probe tells whether an answer came on time.
    await q.query(
      `CREATE INDEX "case_events_response_cycle_idx" ON "case_events" ("case_id", "seq") INCLUDE ("type", "occurred_at") WHERE type IN ('REQUEST_RESPONSE', 'RESPOND') OR (type = 'DEADLINE_ELAPSED' AND payload->>'deadline' = 'response')`,
    );
    await q.query(
      `CREATE INDEX "case_events_missed_response_idx" ON "case_events" ("case_id", "seq") INCLUDE ("occurred_at") WHERE type = 'DEADLINE_ELAPSED' AND payload->>'deadline' = 'response'`,
    );
    await q.query(`CREATE INDEX "case_events_deadline_elapsed_idx" ON "case_events" ("case_id", "seq") INCLUDE ("occurred_at") WHERE type = 'DEADLINE_ELAPSED'`);
    // First decision of a case (resolved, publicized, referred, dismissed).
    await q.query(`CREATE INDEX "case_events_decisions_idx" ON "case_events" ("case_id", "seq") WHERE to_state IN ('resolved', 'publicized', 'referred', 'dismissed')`);
    // Triage that changed the respondent (respondent of a case as of a date).
    await q.query(`CREATE INDEX "case_events_respondent_change_idx" ON "case_events" ("occurred_at") INCLUDE ("case_id") WHERE type = 'ACCEPT' AND payload ? 'respondentMemberId'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of [
      'case_events_respondent_change_idx', 'case_events_decisions_idx', 'case_events_deadline_elapsed_idx', 'case_events_missed_response_idx',
      'case_events_response_cycle_idx', 'case_events_outcomes_idx', 'cases_updated_idx', 'cases_open_received_idx', 'cases_received_cover_idx',
    ]) {
      await q.query(`DROP INDEX "public"."${name}"`);
    }
  }
}
