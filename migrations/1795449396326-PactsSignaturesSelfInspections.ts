import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PactsSignaturesSelfInspections1795449396326 implements MigrationInterface {
  name = 'PactsSignaturesSelfInspections1795449396326';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "member_dues" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "year" integer NOT NULL, "status" text NOT NULL, "paid_on" date, "note" text NOT NULL DEFAULT '', "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "member_dues_year_check" CHECK (year BETWEEN 1990 AND 2100), CONSTRAINT "member_dues_status_check" CHECK (status IN ('paid','unpaid','waived')), CONSTRAINT "PK_aea13ceba25b2f4676417395c35" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "member_dues_member_year_key" ON "member_dues"  ("member_id", "year") `);
    await q.query(`CREATE TABLE "member_status_changes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "from_status" text, "to_status" text NOT NULL, "reason" text NOT NULL, "changed_by" uuid, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_413fa5846e5f4fdf76c6dfc81ba" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "member_status_changes_member_idx" ON "member_status_changes"  ("member_id", "changed_at") `);
    await q.query(`CREATE TABLE "self_inspections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "convention_id" uuid NOT NULL, "version_id" uuid NOT NULL, "period" text NOT NULL, "due_on" date NOT NULL, "status" text NOT NULL, "revision" integer NOT NULL, "first_submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "self_inspections_status_check" CHECK (status IN ('submitted','returned','accepted')), CONSTRAINT "PK_f56a1bf3037dfd47871f7365cc6" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "self_inspections_status_idx" ON "self_inspections"  ("status", "submitted_at") `);
    await q.query(`CREATE INDEX "self_inspections_convention_period_idx" ON "self_inspections"  ("convention_id", "period") `);
    await q.query(`CREATE UNIQUE INDEX "self_inspections_member_convention_period_key" ON "self_inspections"  ("member_id", "convention_id", "period") `);
    await q.query(`CREATE TABLE "self_inspection_revisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "report_id" uuid NOT NULL, "revision" integer NOT NULL, "version_id" uuid NOT NULL, "summary" text NOT NULL DEFAULT '', "items" jsonb NOT NULL, "attachments" jsonb NOT NULL DEFAULT '[]'::jsonb, "submitted_by" uuid, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "decision" text, "comments" text, "reviewed_by" uuid, "reviewed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "self_inspection_revisions_decision_check" CHECK (decision IS NULL OR decision IN ('accept','return')), CONSTRAINT "PK_26117c1b50e920406a9ce1ee5aa" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "self_inspection_revisions_report_revision_key" ON "self_inspection_revisions"  ("report_id", "revision") `);
    await q.query(`CREATE TABLE "signatures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "convention_id" uuid NOT NULL, "version_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'active', "method" text NOT NULL, "signatory_name" text NOT NULL, "signatory_title" text NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "text_hash" text NOT NULL, "articles" integer array, "valid_from" date NOT NULL, "ended_on" date, "renewal_due_on" date, "renewed_by" uuid, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "withdrawal_reason" text, "withdrawn_by" uuid, "document_sha256" text, "document_file_name" text, "document_content_type" text, "document_size" integer, "recorded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "signatures_ended_check" CHECK (status IN ('active','renewal_pending') OR ended_on IS NOT NULL), CONSTRAINT "signatures_withdrawn_check" CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL)), CONSTRAINT "signatures_paper_document_check" CHECK (method = 'online' OR document_sha256 IS NOT NULL), CONSTRAINT "signatures_method_check" CHECK (method IN ('online','paper')), CONSTRAINT "signatures_status_check" CHECK (status IN ('active','renewal_pending','renewed','withdrawn')), CONSTRAINT "PK_f56eb3cd344ce7f9ae28ce814eb" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "signatures_convention_member_idx" ON "signatures"  ("convention_id", "member_id", "created_at") `);
    await q.query(`CREATE INDEX "signatures_version_status_idx" ON "signatures"  ("version_id", "status") `);
    await q.query(`CREATE INDEX "signatures_member_convention_idx" ON "signatures"  ("member_id", "convention_id", "created_at") `);
    await q.query(`CREATE UNIQUE INDEX "signatures_one_current_key" ON "signatures"  ("member_id", "convention_id") WHERE "status" IN ('active','renewal_pending')`);
    await q.query(`ALTER TABLE "conventions" ADD "inspection_frequency" text NOT NULL DEFAULT 'yearly'`);
    await q.query(`ALTER TABLE "conventions" ADD "inspection_due_months" integer NOT NULL DEFAULT '3'`);
    await q.query(`ALTER TABLE "convention_versions" ADD "notes" text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE "convention_versions" ADD "created_by" uuid`);
    await q.query(`CREATE INDEX "members_name_id_idx" ON "members"  ("name", "id") `);
    // Hand-written: text search on member names (ILIKE '%…%') through a trigram index (declared with synchronize: false).
    // fastupdate off: members are written rarely, and a GIN pending list (until the next vacuum) makes the planner
    // fall back to a sequential scan with a slow multibyte ILIKE.
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE INDEX "members_name_trgm_idx" ON "members" USING gin ("name" gin_trgm_ops) WITH (fastupdate = off)`);
    await q.query(`CREATE UNIQUE INDEX "convention_versions_one_draft_key" ON "convention_versions"  ("convention_id") WHERE "status" = 'draft'`);
    await q.query(`ALTER TABLE "conventions" ADD CONSTRAINT "conventions_inspection_due_months_check" CHECK (inspection_due_months BETWEEN 0 AND 12)`);
    await q.query(`ALTER TABLE "conventions" ADD CONSTRAINT "conventions_inspection_frequency_check" CHECK (inspection_frequency IN ('none','yearly','half_yearly','quarterly'))`);
    await q.query(`ALTER TABLE "convention_versions" ADD CONSTRAINT "convention_versions_published_fields_check" CHECK (status = 'draft' OR (effective_date IS NOT NULL AND text_hash IS NOT NULL AND published_at IS NOT NULL))`);
    await q.query(`ALTER TABLE "member_dues" ADD CONSTRAINT "member_dues_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "member_status_changes" ADD CONSTRAINT "member_status_changes_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "self_inspections" ADD CONSTRAINT "self_inspections_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "self_inspections" ADD CONSTRAINT "self_inspections_convention_id_fkey" FOREIGN KEY ("convention_id") REFERENCES "conventions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "self_inspections" ADD CONSTRAINT "self_inspections_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "convention_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "self_inspection_revisions" ADD CONSTRAINT "self_inspection_revisions_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "self_inspections"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "signatures" ADD CONSTRAINT "signatures_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "signatures" ADD CONSTRAINT "signatures_convention_id_fkey" FOREIGN KEY ("convention_id") REFERENCES "conventions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "signatures" ADD CONSTRAINT "signatures_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "convention_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "signatures" ADD CONSTRAINT "signatures_renewed_by_fkey" FOREIGN KEY ("renewed_by") REFERENCES "signatures"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "signatures" DROP CONSTRAINT "signatures_renewed_by_fkey"`);
    await q.query(`ALTER TABLE "signatures" DROP CONSTRAINT "signatures_version_id_fkey"`);
    await q.query(`ALTER TABLE "signatures" DROP CONSTRAINT "signatures_convention_id_fkey"`);
    await q.query(`ALTER TABLE "signatures" DROP CONSTRAINT "signatures_member_id_fkey"`);
    await q.query(`ALTER TABLE "self_inspection_revisions" DROP CONSTRAINT "self_inspection_revisions_report_id_fkey"`);
    await q.query(`ALTER TABLE "self_inspections" DROP CONSTRAINT "self_inspections_version_id_fkey"`);
    await q.query(`ALTER TABLE "self_inspections" DROP CONSTRAINT "self_inspections_convention_id_fkey"`);
    await q.query(`ALTER TABLE "self_inspections" DROP CONSTRAINT "self_inspections_member_id_fkey"`);
    await q.query(`ALTER TABLE "member_status_changes" DROP CONSTRAINT "member_status_changes_member_id_fkey"`);
    await q.query(`ALTER TABLE "member_dues" DROP CONSTRAINT "member_dues_member_id_fkey"`);
    await q.query(`ALTER TABLE "convention_versions" DROP CONSTRAINT "convention_versions_published_fields_check"`);
    await q.query(`ALTER TABLE "conventions" DROP CONSTRAINT "conventions_inspection_frequency_check"`);
    await q.query(`ALTER TABLE "conventions" DROP CONSTRAINT "conventions_inspection_due_months_check"`);
    await q.query(`DROP INDEX "public"."convention_versions_one_draft_key"`);
    await q.query(`DROP INDEX "public"."members_name_trgm_idx"`);
    await q.query(`DROP INDEX "public"."members_name_id_idx"`);
    await q.query(`ALTER TABLE "convention_versions" DROP COLUMN "created_by"`);
    await q.query(`ALTER TABLE "convention_versions" DROP COLUMN "notes"`);
    await q.query(`ALTER TABLE "conventions" DROP COLUMN "inspection_due_months"`);
    await q.query(`ALTER TABLE "conventions" DROP COLUMN "inspection_frequency"`);
    await q.query(`DROP INDEX "public"."signatures_one_current_key"`);
    await q.query(`DROP INDEX "public"."signatures_member_convention_idx"`);
    await q.query(`DROP INDEX "public"."signatures_version_status_idx"`);
    await q.query(`DROP INDEX "public"."signatures_convention_member_idx"`);
    await q.query(`DROP TABLE "signatures"`);
    await q.query(`DROP INDEX "public"."self_inspection_revisions_report_revision_key"`);
    await q.query(`DROP TABLE "self_inspection_revisions"`);
    await q.query(`DROP INDEX "public"."self_inspections_member_convention_period_key"`);
    await q.query(`DROP INDEX "public"."self_inspections_convention_period_idx"`);
    await q.query(`DROP INDEX "public"."self_inspections_status_idx"`);
    await q.query(`DROP TABLE "self_inspections"`);
    await q.query(`DROP INDEX "public"."member_status_changes_member_idx"`);
    await q.query(`DROP TABLE "member_status_changes"`);
    await q.query(`DROP INDEX "public"."member_dues_member_year_key"`);
    await q.query(`DROP TABLE "member_dues"`);
  }
}
