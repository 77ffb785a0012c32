import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Staff choose which evidence items the respondent may see and download (issue #12 item 2). */
export class EvidenceSharedWithRespondent1795470000000 implements MigrationInterface {
  name = 'EvidenceSharedWithRespondent1795470000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "evidence" ADD "shared_with_respondent_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "evidence" ADD "shared_by" uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "evidence" DROP COLUMN "shared_by"`);
    await q.query(`ALTER TABLE "evidence" DROP COLUMN "shared_with_respondent_at"`);
  }
}
