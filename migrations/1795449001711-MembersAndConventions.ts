import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MembersAndConventions1795449001711 implements MigrationInterface {
  name = 'MembersAndConventions1795449001711';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "members" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "credit_code" text, "kind" text NOT NULL, "category" text NOT NULL, "icp_filing" text, "contacts" jsonb NOT NULL DEFAULT '[]'::jsonb, "joined_on" date NOT NULL, "status" text NOT NULL DEFAULT 'active', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "members_credit_code_check" CHECK (kind = 'individual' OR credit_code IS NOT NULL), CONSTRAINT "members_status_check" CHECK (status IN ('active','suspended','expelled','lapsed')), CONSTRAINT "members_kind_check" CHECK (kind IN ('organisation','individual')), CONSTRAINT "members_category_check" CHECK (category IN ('telecom_operator','government','ecommerce','enterprise_site','other')), CONSTRAINT "PK_28b53062261b996d9c99fa12404" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "members_credit_code_key" ON "members"  ("credit_code") `);
    await q.query(`CREATE INDEX "members_status_category_idx" ON "members"  ("status", "category") `);
    await q.query(`CREATE TABLE "member_domains" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "domain" text NOT NULL, "member_active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_96b6f9aa24fa4e2b29344e4c023" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "member_domains_domain_idx" ON "member_domains"  ("domain") `);
    await q.query(`CREATE INDEX "member_domains_member_idx" ON "member_domains"  ("member_id") `);
    await q.query(`CREATE UNIQUE INDEX "member_domains_active_domain_key" ON "member_domains"  ("domain") WHERE "member_active"`);
    await q.query(`CREATE TABLE "conventions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "title_zh" text NOT NULL, "title_en" text, "issuing_body" text NOT NULL, "description" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_434559be9db3e7ab6bf6f147a68" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "conventions_code_key" ON "conventions"  ("code") `);
    await q.query(`CREATE TABLE "convention_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "convention_id" uuid NOT NULL, "version" integer NOT NULL, "status" text NOT NULL DEFAULT 'draft', "effective_date" date, "text_hash" text, "published_at" TIMESTAMP WITH TIME ZONE, "published_by" uuid, "superseded_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "convention_versions_status_check" CHECK (status IN ('draft','published','superseded')), CONSTRAINT "PK_f98d1fa311c955ece9b6f55c977" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "convention_versions_one_published_key" ON "convention_versions"  ("convention_id") WHERE "status" = 'published'`);
    await q.query(`CREATE UNIQUE INDEX "convention_versions_convention_version_key" ON "convention_versions"  ("convention_id", "version") `);
    await q.query(`CREATE TABLE "convention_articles" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "version_id" uuid NOT NULL, "number" integer NOT NULL, "title" text NOT NULL, "body" text NOT NULL, CONSTRAINT "PK_7fddc2a7dbab196f4e6eafe44f5" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "convention_articles_version_number_key" ON "convention_articles"  ("version_id", "number") `);
    await q.query(`ALTER TABLE "member_domains" ADD CONSTRAINT "member_domains_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "convention_versions" ADD CONSTRAINT "convention_versions_convention_id_fkey" FOREIGN KEY ("convention_id") REFERENCES "conventions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "convention_articles" ADD CONSTRAINT "convention_articles_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "convention_versions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "users" ADD CONSTRAINT "users_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" DROP CONSTRAINT "users_member_id_fkey"`);
    await q.query(`ALTER TABLE "convention_articles" DROP CONSTRAINT "convention_articles_version_id_fkey"`);
    await q.query(`ALTER TABLE "convention_versions" DROP CONSTRAINT "convention_versions_convention_id_fkey"`);
    await q.query(`ALTER TABLE "member_domains" DROP CONSTRAINT "member_domains_member_id_fkey"`);
    await q.query(`DROP INDEX "public"."convention_articles_version_number_key"`);
    await q.query(`DROP TABLE "convention_articles"`);
    await q.query(`DROP INDEX "public"."convention_versions_convention_version_key"`);
    await q.query(`DROP INDEX "public"."convention_versions_one_published_key"`);
    await q.query(`DROP TABLE "convention_versions"`);
    await q.query(`DROP INDEX "public"."conventions_code_key"`);
    await q.query(`DROP TABLE "conventions"`);
    await q.query(`DROP INDEX "public"."member_domains_active_domain_key"`);
    await q.query(`DROP INDEX "public"."member_domains_member_idx"`);
    await q.query(`DROP INDEX "public"."member_domains_domain_idx"`);
    await q.query(`DROP TABLE "member_domains"`);
    await q.query(`DROP INDEX "public"."members_status_category_idx"`);
    await q.query(`DROP INDEX "public"."members_credit_code_key"`);
    await q.query(`DROP TABLE "members"`);
  }
}
