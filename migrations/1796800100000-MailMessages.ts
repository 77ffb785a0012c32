import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The mail context (#15): one row per message and address (rendered body kept for retries, never logged; unique per
 * outbox row and address so a re-run dispatch adds nothing), accounts' choices per kind, unsubscribed addresses by hash,
 * and each account's mail language.
 */
export class MailMessages1796800100000 implements MigrationInterface {
  name = 'MailMessages1796800100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "mail_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "notification_id" uuid, "case_id" uuid, "kind" text NOT NULL, "address" text NOT NULL, "address_hash" text NOT NULL, "user_id" uuid, "locale" text NOT NULL, "subject" text NOT NULL, "text_body" text NOT NULL, "html_body" text NOT NULL, "headers" jsonb NOT NULL DEFAULT '{}', "status" text NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, "confirmed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "mail_messages_locale_check" CHECK (locale IN ('zh-CN','en')), CONSTRAINT "mail_messages_status_check" CHECK (status IN ('held','queued','sent','dead','digest','digested')), CONSTRAINT "PK_1bd6e76ef3b3d4aff7d0510a509" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "mail_messages_case_idx" ON "mail_messages"  ("case_id") `);
    await q.query(`CREATE INDEX "mail_messages_user_status_idx" ON "mail_messages"  ("user_id", "status") `);
    await q.query(`CREATE INDEX "mail_messages_status_idx" ON "mail_messages"  ("status", "created_at") `);
    await q.query(`CREATE INDEX "mail_messages_address_sent_idx" ON "mail_messages"  ("address_hash", "sent_at") `);
    await q.query(`CREATE UNIQUE INDEX "mail_messages_notification_address_key" ON "mail_messages"  ("notification_id", "address_hash") `);
    await q.query(`CREATE TABLE "mail_preferences" ("user_id" uuid NOT NULL, "kind" text NOT NULL, "mode" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "mail_preferences_mode_check" CHECK (mode IN ('immediate','digest','off')), CONSTRAINT "PK_5b71c186ae63b12f5989a0d7707" PRIMARY KEY ("user_id", "kind"))`);
    await q.query(`CREATE TABLE "mail_unsubscribes" ("address_hash" text NOT NULL, "topic" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ece94e743ad4c0353440974aba1" PRIMARY KEY ("address_hash", "topic"))`);
    await q.query(`ALTER TABLE "users" ADD "locale" text NOT NULL DEFAULT 'zh-CN'`);
    await q.query(`ALTER TABLE "users" ADD CONSTRAINT "users_locale_check" CHECK (locale IN ('zh-CN','en'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" DROP CONSTRAINT "users_locale_check"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "locale"`);
    await q.query(`DROP TABLE "mail_unsubscribes"`);
    await q.query(`DROP TABLE "mail_preferences"`);
    await q.query(`DROP INDEX "public"."mail_messages_notification_address_key"`);
    await q.query(`DROP INDEX "public"."mail_messages_address_sent_idx"`);
    await q.query(`DROP INDEX "public"."mail_messages_status_idx"`);
    await q.query(`DROP INDEX "public"."mail_messages_user_status_idx"`);
    await q.query(`DROP INDEX "public"."mail_messages_case_idx"`);
    await q.query(`DROP TABLE "mail_messages"`);
  }
}
