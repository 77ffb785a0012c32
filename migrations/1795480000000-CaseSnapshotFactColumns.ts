import type { MigrationInterface, QueryRunner } from 'typeorm';

const UUID = `'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`;
const REFERRAL_AGENCY = `snapshot -> 'context' -> 'referral' ->> 'agencyId'`;
const MERGED_INTO = `snapshot -> 'context' ->> 'mergedInto'`;
/** Must equal the entity's asExpression (src/cases/case.entity.ts): TypeORM compares the text kept in typeorm_metadata. */
const uuidFrom = (path: string) => `CASE WHEN (${path}) ~* ${UUID} THEN (${path})::uuid END`;

/**
 * Facts that other contexts query about a case, as columns generated from the machine snapshot (issue #13 item 3):
 * `referral_agency_id` (the agency a case is referred to; liaisons' scope) and `merged_into_id` (the case it was merged
 * into). STORED generated columns never disagree with the snapshot and fill themselves for existing rows.
 *
 * TypeORM keeps a generated column's expression in `typeorm_metadata` (its drift check reads it from there, by
 * database name: test/support/database.ts renames it in each clone of the template).
 */
export class CaseSnapshotFactColumns1795480000000 implements MigrationInterface {
  name = 'CaseSnapshotFactColumns1795480000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE IF NOT EXISTS "typeorm_metadata" ("type" character varying NOT NULL, "database" character varying, "schema" character varying, "table" character varying, "name" character varying, "value" text)`,
    );
    for (const [name, path] of [['referral_agency_id', REFERRAL_AGENCY], ['merged_into_id', MERGED_INTO]]) {
      await q.query(`ALTER TABLE "cases" ADD "${name}" uuid GENERATED ALWAYS AS (${uuidFrom(path)}) STORED`);
      await q.query(
        `INSERT INTO "typeorm_metadata" ("database", "schema", "table", "type", "name", "value") VALUES (current_database(), current_schema(), 'cases', 'GENERATED_COLUMN', $1, $2)`,
        [name, uuidFrom(path)],
      );
    }
    await q.query(`CREATE INDEX "cases_referral_agency_idx" ON "cases" ("referral_agency_id") WHERE "referral_agency_id" IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "cases_referral_agency_idx"`);
    await q.query(`DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "table" = 'cases' AND "name" IN ('referral_agency_id', 'merged_into_id')`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "merged_into_id"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "referral_agency_id"`);
  }
}
