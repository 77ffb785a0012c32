import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReportEvaluations1795452137894 implements MigrationInterface {
  name = 'ReportEvaluations1795452137894';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "report_evaluations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "year" integer NOT NULL, "methodology_version" text NOT NULL, "min_cases" integer NOT NULL, "result" jsonb NOT NULL, "result_hash" text NOT NULL, "finalised_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finalised_by" uuid, CONSTRAINT "report_evaluations_year_check" CHECK (year BETWEEN 2000 AND 2100), CONSTRAINT "PK_ca5e341cd1899b67697efdf3f7d" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "report_evaluations_year_key" ON "report_evaluations"  ("year") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."report_evaluations_year_key"`);
    await q.query(`DROP TABLE "report_evaluations"`);
  }
}
