import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795448535442 implements MigrationInterface {
  name = 'Foundation1795448535442';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "owner_kind" text NOT NULL, "owner_id" uuid NOT NULL, "name" text NOT NULL, "prefix" text NOT NULL, "secret_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by" uuid, "expires_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "replaced_by" uuid, CONSTRAINT "api_keys_owner_kind_check" CHECK (owner_kind IN ('partner','agency')), CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "api_keys_secret_hash_key" ON "api_keys"  ("secret_hash") `);
    await q.query(`CREATE INDEX "api_keys_owner_idx" ON "api_keys"  ("owner_kind", "owner_id") `);
    await q.query(`CREATE TABLE "audit_checkpoints" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "xid_from" bigint NOT NULL, "xid_to" bigint NOT NULL, "entry_count" integer NOT NULL, "batch_hash" text NOT NULL, "prev_hash" text, "hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ec62ec0b7b181580b1fa64e1167" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "audit_log" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "stream" text NOT NULL, "stream_seq" integer NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_type" text NOT NULL, "actor_id" text, "action" text NOT NULL, "resource_type" text NOT NULL, "resource_id" text NOT NULL, "request_id" text, "payload_digest" text, "details" jsonb, "prev_hash" text, "hash" text NOT NULL, "xid" bigint NOT NULL, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "audit_log_actor_idx" ON "audit_log"  ("actor_id") `);
    await q.query(`CREATE INDEX "audit_log_xid_idx" ON "audit_log"  ("xid") `);
    await q.query(`CREATE INDEX "audit_log_resource_idx" ON "audit_log"  ("resource_type", "resource_id") `);
    await q.query(`CREATE UNIQUE INDEX "audit_log_stream_seq_key" ON "audit_log"  ("stream", "stream_seq") `);
    await q.query(`CREATE TABLE "rate_limit_buckets" ("key" text NOT NULL, "hits" integer NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "blocked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_9eb2f8a2ae370667b4ca83dd313" PRIMARY KEY ("key"))`);
    await q.query(`CREATE INDEX "rate_limit_buckets_expires_at_idx" ON "rate_limit_buckets"  ("expires_at") `);
    await q.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "display_name" text NOT NULL, "password_hash" text NOT NULL, "role" text NOT NULL, "member_id" uuid, "agency_id" uuid, "disabled_at" TIMESTAMP WITH TIME ZONE, "token_version" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "users_binding_check" CHECK ((role = 'member_rep') = (member_id IS NOT NULL) AND (role = 'law_enforcement') = (agency_id IS NOT NULL)), CONSTRAINT "users_role_check" CHECK (role IN ('admin','supervisor','secretariat','member_rep','law_enforcement')), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "users_email_key" ON "users"  ("email") `);
    await q.query(`CREATE INDEX "users_member_id_idx" ON "users"  ("member_id") `);
    await q.query(`CREATE INDEX "users_agency_id_idx" ON "users"  ("agency_id") `);
    // Append-only: the audit log and its checkpoints refuse UPDATE, DELETE and TRUNCATE.
    await q.query(`CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $$`);
    for (const t of ['audit_log', 'audit_checkpoints']) {
      await q.query(`CREATE TRIGGER ${t}_append_only BEFORE UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`);
      await q.query(`CREATE TRIGGER ${t}_no_truncate BEFORE TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);
    }
    // Throttle counters need no crash safety.
    await q.query(`ALTER TABLE rate_limit_buckets SET UNLOGGED`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['audit_log', 'audit_checkpoints']) {
      await q.query(`DROP TRIGGER ${t}_append_only ON ${t}`);
      await q.query(`DROP TRIGGER ${t}_no_truncate ON ${t}`);
    }
    await q.query(`DROP FUNCTION audit_refuse_change()`);
    await q.query(`DROP INDEX "public"."users_agency_id_idx"`);
    await q.query(`DROP INDEX "public"."users_member_id_idx"`);
    await q.query(`DROP INDEX "public"."users_email_key"`);
    await q.query(`DROP TABLE "users"`);
    await q.query(`DROP INDEX "public"."rate_limit_buckets_expires_at_idx"`);
    await q.query(`DROP TABLE "rate_limit_buckets"`);
    await q.query(`DROP INDEX "public"."audit_log_stream_seq_key"`);
    await q.query(`DROP INDEX "public"."audit_log_resource_idx"`);
    await q.query(`DROP INDEX "public"."audit_log_xid_idx"`);
    await q.query(`DROP INDEX "public"."audit_log_actor_idx"`);
    await q.query(`DROP TABLE "audit_log"`);
    await q.query(`DROP TABLE "audit_checkpoints"`);
    await q.query(`DROP INDEX "public"."api_keys_owner_idx"`);
    await q.query(`DROP INDEX "public"."api_keys_secret_hash_key"`);
    await q.query(`DROP TABLE "api_keys"`);
  }
}
