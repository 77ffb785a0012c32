import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partner replays no longer keep receipt codes in clear (#12 item 4): the stored 201 body is sealed with the data key
 * (AES-256-GCM, AAD = partner, route and key) into `response_sealed`, with the id of the key in `response_key_id`.
 *
 * SQL cannot seal, so rows that already hold a clear body are deleted: they are a cache of at most
 * IDEMPOTENCY_TTL_HOURS, and a partner retrying such a key after the upgrade has its request run again
 * (docs/operations.md, "Upgrading"). `down` cannot unseal either and likewise drops the stored answers.
 */
export class IdempotencyResponseSealed1795473000000 implements MigrationInterface {
  name = 'IdempotencyResponseSealed1795473000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "idempotency_keys" WHERE "response_body" IS NOT NULL`);
    await q.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "response_body"`);
    await q.query(`ALTER TABLE "idempotency_keys" ADD "response_sealed" bytea`);
    await q.query(`ALTER TABLE "idempotency_keys" ADD "response_key_id" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "idempotency_keys" WHERE "response_sealed" IS NOT NULL`);
    await q.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "response_key_id"`);
    await q.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "response_sealed"`);
    await q.query(`ALTER TABLE "idempotency_keys" ADD "response_body" jsonb`);
  }
}
