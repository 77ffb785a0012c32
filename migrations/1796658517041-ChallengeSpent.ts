import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Proof-of-work challenges spent by public complaint submissions (issue #14): one row per challenge signature,
 * written in the intake's transaction, so a challenge is single-use across instances; purged after expiry. Owned by
 * `complaints`.
 */
export class ChallengeSpent1796658517041 implements MigrationInterface {
  name = 'ChallengeSpent1796658517041';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "challenge_spent" ("signature" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_57f788c9b936915a85e9bb29877" PRIMARY KEY ("signature"))`);
    await q.query(`CREATE INDEX "challenge_spent_expires_idx" ON "challenge_spent"  ("expires_at") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."challenge_spent_expires_idx"`);
    await q.query(`DROP TABLE "challenge_spent"`);
  }
}
