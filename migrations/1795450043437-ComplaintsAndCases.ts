import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ComplaintsAndCases1795450043437 implements MigrationInterface {
  name = 'ComplaintsAndCases1795450043437';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "partners" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "domains" jsonb NOT NULL DEFAULT '[]'::jsonb, "callback_url" text, "callback_secret_enc" bytea, "callback_key_id" text, "status" text NOT NULL DEFAULT 'active', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "partners_status_check" CHECK (status IN ('active','suspended')), CONSTRAINT "PK_998645b20820e4ab99aeae03b41" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "partners_name_key" ON "partners"  ("name") `);
    await q.query(`CREATE TABLE "complaint_categories" ("code" text NOT NULL, "label_zh" text NOT NULL, "label_en" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "sort_order" integer NOT NULL DEFAULT '0', "deadlines" jsonb NOT NULL DEFAULT '{}'::jsonb, CONSTRAINT "PK_8f11691faa2f9ea843f97815e7a" PRIMARY KEY ("code"))`);
    await q.query(`CREATE TABLE "idempotency_keys" ("partner_id" uuid NOT NULL, "key" text NOT NULL, "route" text NOT NULL, "request_hash" text NOT NULL, "status" text NOT NULL, "response_status" integer, "response_body" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_66f04c7f64fff83a5072ccebd4f" PRIMARY KEY ("partner_id", "key", "route"))`);
    await q.query(`CREATE INDEX "idempotency_keys_expires_idx" ON "idempotency_keys"  ("expires_at") `);
    await q.query(`CREATE TABLE "cases" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reference" text NOT NULL, "channel" text NOT NULL, "partner_id" uuid, "external_id" text, "respondent_member_id" uuid, "respondent_name" text NOT NULL, "respondent_url" text, "respondent_match" jsonb NOT NULL, "category" text NOT NULL, "title" text NOT NULL, "description" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "urls" jsonb NOT NULL DEFAULT '[]'::jsonb, "cited_articles" jsonb NOT NULL DEFAULT '[]'::jsonb, "complainant_anonymous" boolean NOT NULL, "complainant_contact_enc" bytea, "complainant_key_id" text, "is_employee_of_respondent" boolean NOT NULL DEFAULT false, "receipt_hash" text NOT NULL, "state" text NOT NULL, "phase" text, "snapshot" jsonb NOT NULL, "machine_version" integer NOT NULL, "version" integer NOT NULL DEFAULT '1', "overdue" boolean NOT NULL DEFAULT false, "assignee_id" uuid, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_by" uuid, CONSTRAINT "cases_partner_check" CHECK ((channel = 'partner') = (partner_id IS NOT NULL)), CONSTRAINT "cases_channel_check" CHECK (channel IN ('partner','web','phone','letter','email','visit')), CONSTRAINT "PK_264acb3048c240fb89aa34626db" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "cases_reference_key" ON "cases"  ("reference") `);
    await q.query(`CREATE UNIQUE INDEX "cases_receipt_hash_key" ON "cases"  ("receipt_hash") `);
    await q.query(`CREATE INDEX "cases_assignee_idx" ON "cases"  ("assignee_id") `);
    await q.query(`CREATE INDEX "cases_received_idx" ON "cases"  ("received_at") `);
    await q.query(`CREATE INDEX "cases_partner_received_idx" ON "cases"  ("partner_id", "received_at") `);
    await q.query(`CREATE INDEX "cases_respondent_received_idx" ON "cases"  ("respondent_member_id", "received_at") `);
    await q.query(`CREATE INDEX "cases_state_received_idx" ON "cases"  ("state", "received_at") `);
    await q.query(`CREATE UNIQUE INDEX "cases_partner_external_id_key" ON "cases"  ("partner_id", "external_id") WHERE "external_id" IS NOT NULL`);
    await q.query(`CREATE TABLE "case_events" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "case_id" uuid NOT NULL, "seq" integer NOT NULL, "type" text NOT NULL, "actor_type" text NOT NULL, "actor_id" text, "actor_role" text NOT NULL, "from_state" text, "to_state" text NOT NULL, "payload" jsonb NOT NULL DEFAULT '{}'::jsonb, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_61f203ee26b76c6438bbcc7bde6" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "case_events_occurred_idx" ON "case_events"  ("occurred_at") `);
    await q.query(`CREATE INDEX "case_events_type_occurred_idx" ON "case_events"  ("type", "occurred_at") `);
    await q.query(`CREATE UNIQUE INDEX "case_events_case_seq_key" ON "case_events"  ("case_id", "seq") `);
    await q.query(`CREATE TABLE "evidence" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "sha256" text NOT NULL, "size" bigint NOT NULL, "media_type" text NOT NULL, "file_name" text NOT NULL, "uploaded_by_kind" text NOT NULL, "uploaded_by" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b864cb5d49854f89917fc0b44b9" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "evidence_case_sha256_key" ON "evidence"  ("case_id", "sha256") `);
    await q.query(`ALTER TABLE "members" ALTER COLUMN "contacts" SET DEFAULT '[]'::jsonb`);
    await q.query(`ALTER TABLE "cases" ADD CONSTRAINT "cases_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "cases" ADD CONSTRAINT "cases_respondent_member_id_fkey" FOREIGN KEY ("respondent_member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "cases" ADD CONSTRAINT "cases_category_fkey" FOREIGN KEY ("category") REFERENCES "complaint_categories"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "evidence" ADD CONSTRAINT "evidence_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    // Case references come from a sequence (never a counter row: no hot row, no lost numbers on rollback beyond gaps).
    await q.query(`CREATE SEQUENCE case_reference_seq AS bigint START 1`);
    await q.query(`INSERT INTO complaint_categories (code, label_zh, label_en, sort_order) VALUES
      ('illegal_information', '违法信息', 'Illegal information', 1),
      ('harmful_information', '不良信息', 'Harmful information', 2),
      ('fraud', '网络诈骗', 'Fraud', 3),
      ('privacy_infringement', '侵犯个人信息', 'Privacy infringement', 4),
      ('service_quality', '服务质量', 'Service quality', 5),
      ('false_advertising', '虚假宣传', 'False advertising', 6),
      ('intellectual_property', '知识产权', 'Intellectual property', 7),
      ('other', '其他', 'Other', 8)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SEQUENCE case_reference_seq`);
    await q.query(`ALTER TABLE "evidence" DROP CONSTRAINT "evidence_case_id_fkey"`);
    await q.query(`ALTER TABLE "case_events" DROP CONSTRAINT "case_events_case_id_fkey"`);
    await q.query(`ALTER TABLE "cases" DROP CONSTRAINT "cases_category_fkey"`);
    await q.query(`ALTER TABLE "cases" DROP CONSTRAINT "cases_respondent_member_id_fkey"`);
    await q.query(`ALTER TABLE "cases" DROP CONSTRAINT "cases_partner_id_fkey"`);
    await q.query(`ALTER TABLE "members" ALTER COLUMN "contacts" SET DEFAULT '[]'`);
    await q.query(`DROP INDEX "public"."evidence_case_sha256_key"`);
    await q.query(`DROP TABLE "evidence"`);
    await q.query(`DROP INDEX "public"."case_events_case_seq_key"`);
    await q.query(`DROP INDEX "public"."case_events_type_occurred_idx"`);
    await q.query(`DROP INDEX "public"."case_events_occurred_idx"`);
    await q.query(`DROP TABLE "case_events"`);
    await q.query(`DROP INDEX "public"."cases_partner_external_id_key"`);
    await q.query(`DROP INDEX "public"."cases_state_received_idx"`);
    await q.query(`DROP INDEX "public"."cases_respondent_received_idx"`);
    await q.query(`DROP INDEX "public"."cases_partner_received_idx"`);
    await q.query(`DROP INDEX "public"."cases_received_idx"`);
    await q.query(`DROP INDEX "public"."cases_assignee_idx"`);
    await q.query(`DROP INDEX "public"."cases_receipt_hash_key"`);
    await q.query(`DROP INDEX "public"."cases_reference_key"`);
    await q.query(`DROP TABLE "cases"`);
    await q.query(`DROP INDEX "public"."idempotency_keys_expires_idx"`);
    await q.query(`DROP TABLE "idempotency_keys"`);
    await q.query(`DROP TABLE "complaint_categories"`);
    await q.query(`DROP INDEX "public"."partners_name_key"`);
    await q.query(`DROP TABLE "partners"`);
  }
}
