import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partners' public site keys for the complaint window (issue #14): the key a partner's page carries, the origins
 * allowed to embed the window (1 to 20, normalised), and its revocation. Owned by `parties`.
 */
export class SiteKeys1796658185141 implements MigrationInterface {
  name = 'SiteKeys1796658185141';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "site_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "partner_id" uuid NOT NULL, "key" text NOT NULL, "name" text, "allowed_origins" text array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by" uuid, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "site_keys_allowed_origins_check" CHECK (cardinality(allowed_origins) BETWEEN 1 AND 20), CONSTRAINT "PK_bae12fca8759496669088974738" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "site_keys_key_key" ON "site_keys"  ("key") `);
    await q.query(`CREATE INDEX "site_keys_partner_created_idx" ON "site_keys"  ("partner_id", "created_at") `);
    await q.query(`ALTER TABLE "site_keys" ADD CONSTRAINT "site_keys_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "site_keys" DROP CONSTRAINT "site_keys_partner_id_fkey"`);
    await q.query(`DROP INDEX "public"."site_keys_partner_created_idx"`);
    await q.query(`DROP INDEX "public"."site_keys_key_key"`);
    await q.query(`DROP TABLE "site_keys"`);
  }
}
