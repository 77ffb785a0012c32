import type { MigrationInterface, QueryRunner } from 'typeorm';

const OPEN = `state NOT IN ('closed', 'dismissed', 'withdrawn', 'merged')`;

/** Each list and report index: as it was, and as it is now (live cases only). */
const INDEXES: [string, { before: string; live: string }][] = [
  ['cases_state_received_idx', { before: `("state", "received_at")`, live: `("state", "received_at") WHERE NOT test` }],
  ['cases_respondent_received_idx', { before: `("respondent_member_id", "received_at")`, live: `("respondent_member_id", "received_at") WHERE NOT test` }],
  ['cases_partner_received_idx', { before: `("partner_id", "received_at")`, live: `("partner_id", "received_at") WHERE NOT test` }],
  ['cases_assignee_idx', { before: `("assignee_id")`, live: `("assignee_id") WHERE NOT test` }],
  [
    'cases_received_cover_idx',
    {
      before: `("received_at", "id") INCLUDE ("respondent_member_id", "channel", "partner_id", "category")`,
      live: `("received_at", "id") INCLUDE ("respondent_member_id", "channel", "partner_id", "category") WHERE NOT test`,
    },
  ],
  ['cases_open_received_idx', { before: `("received_at") WHERE ${OPEN}`, live: `("received_at") WHERE ${OPEN} AND NOT test` }],
  ['cases_updated_idx', { before: `("updated_at") INCLUDE ("received_at", "id")`, live: `("updated_at") INCLUDE ("received_at", "id") WHERE NOT test` }],
  [
    'cases_respondent_state_received_idx',
    {
      before: `("respondent_member_id", "state", "received_at" DESC, "id" DESC)`,
      live: `("respondent_member_id", "state", "received_at" DESC, "id" DESC) WHERE NOT test`,
    },
  ],
];

/**
 * Test complaints (the partner sandbox, issue #14): `cases.test`, set at intake from a test-mode key.
 *
 * Test cases must never reach staff lists, search, counts, reports or the public, so every index that serves those
 * reads becomes partial, `WHERE NOT test`: the queries say `NOT c.test` (docs/performance.md, "Test complaints"), keep
 * their plans (index-only scans of the covering indexes included: a filter on a heap column would lose them), and
 * a burst of sandbox traffic adds nothing to walk past. `cases_test_received_idx` is the way to the test cases
 * themselves (the purge's batches, and the reports' exclusion of their history entries). The external id is unique
 * per partner and mode, so a sandbox can replay its live ids. `idempotency_keys` gets a key space per mode. The case
 * purge finds a case's callbacks and asks whether evidence still references a blob through two new indexes.
 */
export class TestCases1796700100000 implements MigrationInterface {
  name = 'TestCases1796700100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cases" ADD "test" boolean NOT NULL DEFAULT false`);
    await q.query(`DROP INDEX "public"."cases_partner_external_id_key"`);
    await q.query(`CREATE UNIQUE INDEX "cases_partner_external_id_key" ON "cases" ("partner_id", "external_id", "test") WHERE "external_id" IS NOT NULL`);
    for (const [name, definition] of INDEXES) {
      await q.query(`DROP INDEX "public"."${name}"`);
      await q.query(`CREATE INDEX "${name}" ON "cases" ${definition.live}`);
    }
    await q.query(`CREATE INDEX "cases_test_received_idx" ON "cases" ("received_at", "id") WHERE test`);
    // The case purge: a case's callbacks by case, and whether any evidence row still references a blob's hash.
    await q.query(`CREATE INDEX "partner_callbacks_case_idx" ON "partner_callbacks" ("case_id") `);
    // A test complaint's callback stays off the admin's dead-letter list.
    await q.query(`ALTER TABLE "partner_callbacks" ADD "test" boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE INDEX "evidence_sha256_idx" ON "evidence" ("sha256") `);

    await q.query(`ALTER TABLE "idempotency_keys" ADD "test" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "idempotency_keys" DROP CONSTRAINT "PK_66f04c7f64fff83a5072ccebd4f"`);
    await q.query(`ALTER TABLE "idempotency_keys" ADD CONSTRAINT "PK_92a97dfc4481a94c407392101b4" PRIMARY KEY ("partner_id", "test", "key", "route")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "idempotency_keys" WHERE test`);
    await q.query(`ALTER TABLE "idempotency_keys" DROP CONSTRAINT "PK_92a97dfc4481a94c407392101b4"`);
    await q.query(`ALTER TABLE "idempotency_keys" ADD CONSTRAINT "PK_66f04c7f64fff83a5072ccebd4f" PRIMARY KEY ("partner_id", "key", "route")`);
    await q.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "test"`);
    await q.query(`DROP INDEX "public"."evidence_sha256_idx"`);
    await q.query(`ALTER TABLE "partner_callbacks" DROP COLUMN "test"`);
    await q.query(`DROP INDEX "public"."partner_callbacks_case_idx"`);
    await q.query(`DROP INDEX "public"."cases_test_received_idx"`);
    for (const [name, definition] of INDEXES) {
      await q.query(`DROP INDEX "public"."${name}"`);
      await q.query(`CREATE INDEX "${name}" ON "cases" ${definition.before}`);
    }
    await q.query(`DROP INDEX "public"."cases_partner_external_id_key"`);
    await q.query(`CREATE UNIQUE INDEX "cases_partner_external_id_key" ON "cases" ("partner_id", "external_id") WHERE "external_id" IS NOT NULL`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "test"`);
  }
}
