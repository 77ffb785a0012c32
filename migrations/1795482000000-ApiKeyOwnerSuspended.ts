import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A key carries its owner's suspension (issue #13): authenticating a key is then one indexed lookup on `api_keys`,
 * read fresh on every request, instead of that lookup plus a read of `partners` (a table another context owns).
 * The partners context sets the flag in the transaction that suspends or reactivates the partner. Existing keys of
 * suspended partners are marked here.
 */
export class ApiKeyOwnerSuspended1795482000000 implements MigrationInterface {
  name = 'ApiKeyOwnerSuspended1795482000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "api_keys" ADD "owner_suspended" boolean NOT NULL DEFAULT false`);
    await q.query(
      `UPDATE api_keys k SET owner_suspended = true
         FROM partners p WHERE k.owner_kind = 'partner' AND k.owner_id = p.id AND p.status <> 'active'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "api_keys" DROP COLUMN "owner_suspended"`);
  }
}
