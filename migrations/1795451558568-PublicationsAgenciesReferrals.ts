import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PublicationsAgenciesReferrals1795451558568 implements MigrationInterface {
  name = 'PublicationsAgenciesReferrals1795451558568';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "agencies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "jurisdiction" text NOT NULL, "contact" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8ab1f1f53f56c8255b0d7e68b28" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "agencies_name_key" ON "agencies"  ("name") `);
    await q.query(`CREATE TABLE "disclosures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "respondent_member_id" uuid, "respondent_name" text NOT NULL, "category" text NOT NULL, "summary" text NOT NULL, "findings" text NOT NULL, "reply" text, "replied_at" TIMESTAMP WITH TIME ZONE, "proposed_by" text, "approved_by" text, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL, "retracted_at" TIMESTAMP WITH TIME ZONE, "retracted_by" uuid, "retraction_reason" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_891a486784239e16ba51491fd1c" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "disclosures_case_idx" ON "disclosures"  ("case_id") `);
    await q.query(`CREATE INDEX "disclosures_published_idx" ON "disclosures"  ("published_at", "id") `);
    await q.query(`CREATE TABLE "signing_keys" ("kid" text NOT NULL, "algorithm" text NOT NULL DEFAULT 'Ed25519', "public_key" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_13362ac3e792c69417e1a53d355" PRIMARY KEY ("kid"))`);
    await q.query(`CREATE TABLE "referrals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "agency_id" uuid NOT NULL, "approved_seq" integer NOT NULL, "schema_version" integer NOT NULL, "packet_enc" bytea NOT NULL, "packet_key_id" text NOT NULL, "packet_size" integer NOT NULL, "sha256" text NOT NULL, "signature" text NOT NULL, "signing_key_id" text NOT NULL, "proposed_by" text, "approved_by" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "retracted_at" TIMESTAMP WITH TIME ZONE, "retracted_by" text, "retraction_reason" text, CONSTRAINT "PK_ea9980e34f738b6252817326c08" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "referrals_case_idx" ON "referrals"  ("case_id") `);
    await q.query(`CREATE INDEX "referrals_created_idx" ON "referrals"  ("created_at") `);
    await q.query(`CREATE INDEX "referrals_agency_created_idx" ON "referrals"  ("agency_id", "created_at") `);
    await q.query(`CREATE TABLE "referral_custody" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "referral_id" uuid NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_type" text NOT NULL, "actor_id" text NOT NULL, "actor_role" text NOT NULL, "agency_id" uuid, "artifact" text NOT NULL, "evidence_id" uuid, "packet_sha256" text NOT NULL, "evidence_sha256" text, "request_id" text, CONSTRAINT "PK_a94164d271dcce22aac4ed8c18e" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "referral_custody_referral_idx" ON "referral_custody"  ("referral_id", "id") `);
    // Liaisons created before agencies existed point at ids nothing described: give each id a placeholder agency to rename.
    await q.query(`INSERT INTO agencies (id, name, jurisdiction)
      SELECT DISTINCT agency_id, 'Agency ' || agency_id::text, 'unknown (created by migration: edit me)' FROM users WHERE agency_id IS NOT NULL`);
    await q.query(`ALTER TABLE "users" ADD CONSTRAINT "users_agency_id_fkey" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "disclosures" ADD CONSTRAINT "disclosures_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "disclosures" ADD CONSTRAINT "disclosures_respondent_member_id_fkey" FOREIGN KEY ("respondent_member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "disclosures" ADD CONSTRAINT "disclosures_category_fkey" FOREIGN KEY ("category") REFERENCES "complaint_categories"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "referrals" ADD CONSTRAINT "referrals_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "referrals" ADD CONSTRAINT "referrals_agency_id_fkey" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "referrals" ADD CONSTRAINT "referrals_signing_key_id_fkey" FOREIGN KEY ("signing_key_id") REFERENCES "signing_keys"("kid") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "referral_custody" ADD CONSTRAINT "referral_custody_referral_id_fkey" FOREIGN KEY ("referral_id") REFERENCES "referrals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "referral_custody" DROP CONSTRAINT "referral_custody_referral_id_fkey"`);
    await q.query(`ALTER TABLE "referrals" DROP CONSTRAINT "referrals_signing_key_id_fkey"`);
    await q.query(`ALTER TABLE "referrals" DROP CONSTRAINT "referrals_agency_id_fkey"`);
    await q.query(`ALTER TABLE "referrals" DROP CONSTRAINT "referrals_case_id_fkey"`);
    await q.query(`ALTER TABLE "disclosures" DROP CONSTRAINT "disclosures_category_fkey"`);
    await q.query(`ALTER TABLE "disclosures" DROP CONSTRAINT "disclosures_respondent_member_id_fkey"`);
    await q.query(`ALTER TABLE "disclosures" DROP CONSTRAINT "disclosures_case_id_fkey"`);
    await q.query(`ALTER TABLE "users" DROP CONSTRAINT "users_agency_id_fkey"`);
    await q.query(`DROP INDEX "public"."referral_custody_referral_idx"`);
    await q.query(`DROP TABLE "referral_custody"`);
    await q.query(`DROP INDEX "public"."referrals_agency_created_idx"`);
    await q.query(`DROP INDEX "public"."referrals_created_idx"`);
    await q.query(`DROP INDEX "public"."referrals_case_idx"`);
    await q.query(`DROP TABLE "referrals"`);
    await q.query(`DROP TABLE "signing_keys"`);
    await q.query(`DROP INDEX "public"."disclosures_published_idx"`);
    await q.query(`DROP INDEX "public"."disclosures_case_idx"`);
    await q.query(`DROP TABLE "disclosures"`);
    await q.query(`DROP INDEX "public"."agencies_name_key"`);
    await q.query(`DROP TABLE "agencies"`);
  }
}
