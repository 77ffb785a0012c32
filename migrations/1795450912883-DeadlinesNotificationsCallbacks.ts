import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DeadlinesNotificationsCallbacks1795450912883 implements MigrationInterface {
  name = 'DeadlinesNotificationsCallbacks1795450912883';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "case_deadlines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "kind" text NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "settled_at" TIMESTAMP WITH TIME ZONE, "outcome" text, CONSTRAINT "PK_aeec36818e0bdee31a82bcbfaed" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "case_deadlines_due_idx" ON "case_deadlines"  ("due_at") `);
    await q.query(`CREATE UNIQUE INDEX "case_deadlines_active_key" ON "case_deadlines"  ("case_id", "kind") WHERE "settled_at" IS NULL`);
    await q.query(`CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid, "recipient_kind" text NOT NULL, "recipient_ref" text, "template" text NOT NULL, "payload" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "notifications_case_idx" ON "notifications"  ("case_id") `);
    await q.query(`CREATE INDEX "notifications_recipient_idx" ON "notifications"  ("recipient_kind", "recipient_ref", "created_at") `);
    await q.query(`CREATE TABLE "partner_callbacks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "partner_id" uuid NOT NULL, "case_id" uuid NOT NULL, "body" jsonb NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5c02320da4fae15592585bd97ee" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "partner_callbacks_partner_idx" ON "partner_callbacks"  ("partner_id", "created_at") `);
    await q.query(`CREATE INDEX "partner_callbacks_status_idx" ON "partner_callbacks"  ("status", "created_at") `);
    await q.query(`ALTER TABLE "case_deadlines" ADD CONSTRAINT "case_deadlines_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "case_deadlines" DROP CONSTRAINT "case_deadlines_case_id_fkey"`);
    await q.query(`DROP INDEX "public"."partner_callbacks_status_idx"`);
    await q.query(`DROP INDEX "public"."partner_callbacks_partner_idx"`);
    await q.query(`DROP TABLE "partner_callbacks"`);
    await q.query(`DROP INDEX "public"."notifications_recipient_idx"`);
    await q.query(`DROP INDEX "public"."notifications_case_idx"`);
    await q.query(`DROP TABLE "notifications"`);
    await q.query(`DROP INDEX "public"."case_deadlines_active_key"`);
    await q.query(`DROP INDEX "public"."case_deadlines_due_idx"`);
    await q.query(`DROP TABLE "case_deadlines"`);
  }
}
