import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The staff's daily digest (#15): one row per account and Beijing day, taken first by the run that builds it (a second
 * run or instance that day sends nothing), with the instant it covers up to and the message sent, if any.
 */
export class MailDigests1796820000000 implements MigrationInterface {
  name = 'MailDigests1796820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "mail_digests" ("user_id" uuid NOT NULL, "day" date NOT NULL, "covered_until" TIMESTAMP WITH TIME ZONE NOT NULL, "message_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "mail_digests_pkey" PRIMARY KEY ("user_id", "day"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "mail_digests"`);
  }
}
