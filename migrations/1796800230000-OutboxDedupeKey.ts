import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox rows a source names (#15): a daily job that runs again, or a retried one, must not tell anyone twice. A source
 * sets `dedupe_key` (what the message is about, never a person) and a second row with the same key is not written.
 */
export class OutboxDedupeKey1796800230000 implements MigrationInterface {
  name = 'OutboxDedupeKey1796800230000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "notifications" ADD "dedupe_key" text`);
    await q.query(`CREATE UNIQUE INDEX "notifications_dedupe_key" ON "notifications"  ("dedupe_key") WHERE "dedupe_key" IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."notifications_dedupe_key"`);
    await q.query(`ALTER TABLE "notifications" DROP COLUMN "dedupe_key"`);
  }
}
