import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The partner sandbox (issue #14): a partner's API key can be a test-mode key (`srk_test_…`). Authentication reads the
 * flag in the same one indexed statement on `api_keys` (findBySecretHash), so it costs no second read.
 */
export class ApiKeyTestMode1796700000000 implements MigrationInterface {
  name = 'ApiKeyTestMode1796700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "api_keys" ADD "test_mode" boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "api_keys" DROP COLUMN "test_mode"`);
  }
}
