import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox becomes the mail context's source (#15): `sent_at` meant "handed to the log sender" and becomes
 * `dispatched_at` ("recipients resolved, messages queued"); the dispatcher's claim reads the undispatched rows through
 * a partial index; and an insert notifies channel `outbox` at commit (one statement-level trigger, folded into one
 * notification per transaction by PostgreSQL), so a listening dispatcher starts within moments instead of a minute.
 * Rows already logged by the old sender count as dispatched.
 */
export class OutboxDispatch1796800000000 implements MigrationInterface {
  name = 'OutboxDispatch1796800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "notifications" RENAME COLUMN "sent_at" TO "dispatched_at"`);
    await q.query(`CREATE INDEX "notifications_undispatched_idx" ON "notifications" ("created_at") WHERE "dispatched_at" IS NULL`);
    await q.query(`CREATE FUNCTION notifications_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('outbox', ''); RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER notifications_notify AFTER INSERT ON "notifications" FOR EACH STATEMENT EXECUTE FUNCTION notifications_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER notifications_notify ON "notifications"`);
    await q.query(`DROP FUNCTION notifications_notify()`);
    await q.query(`DROP INDEX "notifications_undispatched_idx"`);
    await q.query(`ALTER TABLE "notifications" RENAME COLUMN "dispatched_at" TO "sent_at"`);
  }
}
