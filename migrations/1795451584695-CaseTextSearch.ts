import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Trigram index for text search over title and description: works for Chinese (no word boundaries needed). */
export class CaseTextSearch1795451584695 implements MigrationInterface {
  name = 'CaseTextSearch1795451584695';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE INDEX cases_text_trgm_idx ON cases USING gin ((title || ' ' || description) gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_text_trgm_idx`);
  }
}
