import { createRequire } from 'node:module';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The working-day calendar becomes data the association owns (issue #12 item 8): `calendar_years` lists the years
 * whose official holiday and adjusted-working-day (调休) list is loaded and where it came from, `calendar_days` holds
 * those days. Seeded here from the chinese-days package for every year it covers; later years are loaded by an admin
 * (PUT /v1/calendar/years/:year or `npm run cli -- calendar:load`). `case_deadlines.calendar_covered` flags a deadline
 * counted on plain weekdays because it ran into a year not loaded.
 */
export class WorkingDayCalendar1795471000000 implements MigrationInterface {
  name = 'WorkingDayCalendar1795471000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE calendar_version_seq`);
    await q.query(
      `CREATE TABLE "calendar_years" ("year" integer NOT NULL, "source" text NOT NULL, "loaded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "loaded_by" text, "version" bigint NOT NULL, CONSTRAINT "calendar_years_year_check" CHECK (year BETWEEN 1900 AND 2200), CONSTRAINT "PK_calendar_years" PRIMARY KEY ("year"))`,
    );
    await q.query(
      `CREATE TABLE "calendar_days" ("date" date NOT NULL, "year" integer NOT NULL, "kind" text NOT NULL, "name" text NOT NULL, CONSTRAINT "calendar_days_kind_check" CHECK (kind IN ('holiday','workday')), CONSTRAINT "PK_calendar_days" PRIMARY KEY ("date"))`,
    );
    await q.query(`CREATE INDEX "calendar_days_year_idx" ON "calendar_days" ("year") `);
    await q.query(
      `ALTER TABLE "calendar_days" ADD CONSTRAINT "calendar_days_year_fkey" FOREIGN KEY ("year") REFERENCES "calendar_years"("year") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(`ALTER TABLE "case_deadlines" ADD "calendar_covered" boolean NOT NULL DEFAULT true`);

    const { source, days } = chineseDaysCalendar();
    const years = [...new Set(days.map((d) => Number(d.date.slice(0, 4))))].sort((a, b) => a - b);
    await q.query(
      `INSERT INTO calendar_years (year, source, loaded_at, loaded_by, version)
       SELECT y, $2, now(), NULL, nextval('calendar_version_seq') FROM unnest($1::int[]) AS y ORDER BY y`,
      [years, source],
    );
    await q.query(
      `INSERT INTO calendar_days (date, year, kind, name)
       SELECT d, extract(year FROM d)::int, k, n FROM unnest($1::date[], $2::text[], $3::text[]) AS t(d, k, n)`,
      [days.map((d) => d.date), days.map((d) => d.kind), days.map((d) => d.name)],
    );
    // Deadlines already counted into a year the package does not cover were counted on weekdays: say so.
    await q.query(
      `UPDATE case_deadlines SET calendar_covered = false
        WHERE kind IN ('triage', 'response', 'right_of_reply')
          AND (due_at AT TIME ZONE 'Asia/Shanghai')::date > (SELECT make_date(max(year), 12, 31) FROM calendar_years)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "case_deadlines" DROP COLUMN "calendar_covered"`);
    await q.query(`ALTER TABLE "calendar_days" DROP CONSTRAINT "calendar_days_year_fkey"`);
    await q.query(`DROP INDEX "calendar_days_year_idx"`);
    await q.query(`DROP TABLE "calendar_days"`);
    await q.query(`DROP TABLE "calendar_years"`);
    await q.query(`DROP SEQUENCE calendar_version_seq`);
  }
}

/** The package's data as it is when this migration runs: "holidays" and "workdays" map a date to "English,中文,n". */
function chineseDaysCalendar(): { source: string; days: { date: string; kind: 'holiday' | 'workday'; name: string }[] } {
  const require = createRequire(import.meta.url);
  const data = require('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };
  const { version } = require('chinese-days/package.json') as { version: string };
  const nameOf = (v: string) => v.split(',')[1] || v.split(',')[0];
  return {
    source: `chinese-days ${version}`,
    days: [
      ...Object.entries(data.holidays).map(([date, v]) => ({ date, kind: 'holiday' as const, name: nameOf(v) })),
      ...Object.entries(data.workdays).map(([date, v]) => ({ date, kind: 'workday' as const, name: nameOf(v) })),
    ],
  };
}
