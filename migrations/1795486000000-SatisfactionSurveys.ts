import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The complainant's satisfaction survey after closing (issue #14): one answer per case (the primary key), a rating
 * 1..5 and an optional comment. Reports read it by `answered_at` (indexed) and join `cases` for channel and partner.
 */
export class SatisfactionSurveys1795486000000 implements MigrationInterface {
  name = 'SatisfactionSurveys1795486000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "satisfaction_surveys" ("case_id" uuid NOT NULL, "rating" smallint NOT NULL, "comment" text, "answered_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "satisfaction_surveys_comment_check" CHECK (comment IS NULL OR char_length(comment) BETWEEN 1 AND 2000), CONSTRAINT "satisfaction_surveys_rating_check" CHECK (rating BETWEEN 1 AND 5), CONSTRAINT "satisfaction_surveys_pkey" PRIMARY KEY ("case_id"))`,
    );
    await q.query(`CREATE INDEX "satisfaction_surveys_answered_idx" ON "satisfaction_surveys" ("answered_at") `);
    await q.query(
      `ALTER TABLE "satisfaction_surveys" ADD CONSTRAINT "satisfaction_surveys_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "satisfaction_surveys" DROP CONSTRAINT "satisfaction_surveys_case_id_fkey"`);
    await q.query(`DROP INDEX "public"."satisfaction_surveys_answered_idx"`);
    await q.query(`DROP TABLE "satisfaction_surveys"`);
  }
}
