import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Numbered bulletins (#15): series (code, title, frequency, active, extra recipients), bulletins (draft → submitted →
 * approved → published; figures, disclosures and sections as jsonb; the three renderings frozen at publication) and the
 * per-series, per-year counter whose row the publishing transaction increments and holds locked. The unique
 * (series_id, year, number) is the backstop: a number is never given twice.
 */
export class Bulletins1796810000000 implements MigrationInterface {
  name = 'Bulletins1796810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "bulletin_series" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "title" text NOT NULL, "frequency" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "extra_recipients" jsonb NOT NULL DEFAULT '[]', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "bulletin_series_frequency_check" CHECK (frequency IN ('weekly','monthly','ad_hoc')), CONSTRAINT "bulletin_series_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "bulletin_series_code_key" ON "bulletin_series" ("code") `);
    await q.query(
      `CREATE TABLE "bulletins" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "series_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'draft', "title" text, "period_from" date NOT NULL, "period_to" date NOT NULL, "figures" jsonb NOT NULL, "disclosures" jsonb NOT NULL DEFAULT '[]', "sections" jsonb NOT NULL DEFAULT '[]', "composed_by" uuid NOT NULL, "contributors" uuid array NOT NULL, "submitted_by" uuid, "submitted_at" TIMESTAMP WITH TIME ZONE, "approved_by" uuid, "approved_at" TIMESTAMP WITH TIME ZONE, "rejected_by" uuid, "rejected_at" TIMESTAMP WITH TIME ZONE, "rejection_reason" text, "series_title" text, "year" integer, "number" integer, "published_by" uuid, "published_at" TIMESTAMP WITH TIME ZONE, "rendered_html" text, "rendered_email_html" text, "rendered_text" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "bulletins_number_check" CHECK (number IS NULL OR number >= 1), CONSTRAINT "bulletins_published_check" CHECK ((status = 'published') = (year IS NOT NULL AND number IS NOT NULL AND published_at IS NOT NULL AND series_title IS NOT NULL AND rendered_html IS NOT NULL AND rendered_email_html IS NOT NULL AND rendered_text IS NOT NULL)), CONSTRAINT "bulletins_period_check" CHECK (period_to >= period_from), CONSTRAINT "bulletins_status_check" CHECK (status IN ('draft','submitted','approved','published')), CONSTRAINT "bulletins_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "bulletins_series_published_idx" ON "bulletins" ("series_id", "published_at", "id") WHERE status = 'published'`);
    await q.query(`CREATE INDEX "bulletins_published_idx" ON "bulletins" ("published_at", "id") WHERE status = 'published'`);
    await q.query(`CREATE INDEX "bulletins_created_idx" ON "bulletins" ("created_at", "id") `);
    await q.query(`CREATE UNIQUE INDEX "bulletins_series_year_number_key" ON "bulletins" ("series_id", "year", "number") `);
    await q.query(
      `CREATE TABLE "bulletin_counters" ("series_id" uuid NOT NULL, "year" integer NOT NULL, "last_number" integer NOT NULL, CONSTRAINT "bulletin_counters_last_number_check" CHECK (last_number >= 1), CONSTRAINT "bulletin_counters_pkey" PRIMARY KEY ("series_id", "year"))`,
    );
    await q.query(
      `ALTER TABLE "bulletins" ADD CONSTRAINT "bulletins_series_id_fkey" FOREIGN KEY ("series_id") REFERENCES "bulletin_series"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "bulletin_counters" ADD CONSTRAINT "bulletin_counters_series_id_fkey" FOREIGN KEY ("series_id") REFERENCES "bulletin_series"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "bulletin_counters" DROP CONSTRAINT "bulletin_counters_series_id_fkey"`);
    await q.query(`ALTER TABLE "bulletins" DROP CONSTRAINT "bulletins_series_id_fkey"`);
    await q.query(`DROP TABLE "bulletin_counters"`);
    await q.query(`DROP INDEX "public"."bulletins_series_year_number_key"`);
    await q.query(`DROP INDEX "public"."bulletins_created_idx"`);
    await q.query(`DROP INDEX "public"."bulletins_published_idx"`);
    await q.query(`DROP INDEX "public"."bulletins_series_published_idx"`);
    await q.query(`DROP TABLE "bulletins"`);
    await q.query(`DROP INDEX "public"."bulletin_series_code_key"`);
    await q.query(`DROP TABLE "bulletin_series"`);
  }
}
