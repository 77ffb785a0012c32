import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The partner sandbox for complaint windows (issue #14): a site key can be a test-mode key (`wk_test_…`), whose
 * window's complaints are test complaints. Resolving a key reads the flag in the same one indexed lookup.
 */
export class SiteKeyTestMode1796700200000 implements MigrationInterface {
  name = 'SiteKeyTestMode1796700200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "site_keys" ADD "test_mode" boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "site_keys" DROP COLUMN "test_mode"`);
  }
}
