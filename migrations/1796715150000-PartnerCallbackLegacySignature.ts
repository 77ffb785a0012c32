import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partner callbacks by the Standard Webhooks specification (issue #15). Partners that hold a callback secret now were
 * given it in the old form (`whsec_` + base64url) and verify the old `X-Signature` header: they keep receiving it, next
 * to the standard headers, until `CALLBACK_LEGACY_SIGNATURE_UNTIL` or until their secret is rotated.
 */
export class PartnerCallbackLegacySignature1796715150000 implements MigrationInterface {
  name = 'PartnerCallbackLegacySignature1796715150000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "partners" ADD "callback_legacy_signature" boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE "partners" SET "callback_legacy_signature" = true WHERE "callback_secret_enc" IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "partners" DROP COLUMN "callback_legacy_signature"`);
  }
}
