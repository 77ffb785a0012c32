import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CalendarDayEntry, CalendarDayKind, OfficialDay } from './working-calendar.js';

export interface CalendarYearRow {
  year: number;
  source: string;
  loadedAt: Date;
  loadedBy: string | null;
  holidays: number;
  workdays: number;
}

const CALENDAR_LOCK = 7345012003;

/** The calendar tables' SQL, by intent. */
@Injectable()
export class CalendarRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Changes with every load anywhere: the cheap check an instance runs before trusting its copy. */
  async currentVersion(m: EntityManager = this.dataSource.manager): Promise<string> {
    const rows: { v: string }[] = await m.query(`SELECT coalesce(max(version), 0)::text AS v FROM calendar_years`);
    return rows[0].v;
  }

  /** The whole calendar and its version, read in one snapshot. */
  async loadAll(m: EntityManager = this.dataSource.manager): Promise<{ version: string; years: number[]; days: CalendarDayEntry[] }> {
    const rows: { version: string; years: number[] | null; days: CalendarDayEntry[] | null }[] = await m.query(
      `SELECT (SELECT coalesce(max(version), 0)::text FROM calendar_years) AS version,
              (SELECT array_agg(year ORDER BY year) FROM calendar_years) AS years,
              (SELECT json_agg(json_build_object('date', date::text, 'kind', kind, 'name', name) ORDER BY date) FROM calendar_days) AS days`,
    );
    return { version: rows[0].version, years: rows[0].years ?? [], days: rows[0].days ?? [] };
  }

  async coverage(): Promise<CalendarYearRow[]> {
    return this.dataSource.query(
      `SELECT y.year, y.source, y.loaded_at AS "loadedAt", y.loaded_by AS "loadedBy",
              count(d.date) FILTER (WHERE d.kind = 'holiday')::int AS holidays,
              count(d.date) FILTER (WHERE d.kind = 'workday')::int AS workdays
         FROM calendar_years y LEFT JOIN calendar_days d ON d.year = y.year
        GROUP BY y.year ORDER BY y.year`,
    );
  }

  async findYear(year: number): Promise<(Omit<CalendarYearRow, 'holidays' | 'workdays'> & { days: { date: string; kind: CalendarDayKind; name: string }[] }) | undefined> {
    const rows = await this.dataSource.query(
      `SELECT y.year, y.source, y.loaded_at AS "loadedAt", y.loaded_by AS "loadedBy",
              coalesce((SELECT json_agg(json_build_object('date', d.date::text, 'kind', d.kind, 'name', d.name) ORDER BY d.date)
                          FROM calendar_days d WHERE d.year = y.year), '[]') AS days
         FROM calendar_years y WHERE y.year = $1`,
      [year],
    );
    return rows[0];
  }

  /** Replaces a year's list (loads are rare and serialised); returns whether one was there before. */
  async replaceYear(
    m: EntityManager,
    y: { year: number; source: string; loadedAt: Date; loadedBy: string | null; holidays: OfficialDay[]; workdays: OfficialDay[] },
  ): Promise<{ replaced: boolean }> {
    await m.query('SELECT pg_advisory_xact_lock($1)', [CALENDAR_LOCK]);
    const before: { n: number }[] = await m.query(`SELECT count(*)::int AS n FROM calendar_years WHERE year = $1`, [y.year]);
    await m.query(
      `INSERT INTO calendar_years (year, source, loaded_at, loaded_by, version) VALUES ($1, $2, $3, $4, nextval('calendar_version_seq'))
       ON CONFLICT (year) DO UPDATE SET source = EXCLUDED.source, loaded_at = EXCLUDED.loaded_at, loaded_by = EXCLUDED.loaded_by, version = EXCLUDED.version`,
      [y.year, y.source, y.loadedAt, y.loadedBy],
    );
    await m.query(`DELETE FROM calendar_days WHERE year = $1`, [y.year]);
    const days = [...y.holidays.map((d) => ({ ...d, kind: 'holiday' })), ...y.workdays.map((d) => ({ ...d, kind: 'workday' }))];
    await m.query(
      `INSERT INTO calendar_days (date, year, kind, name) SELECT d, $1, k, n FROM unnest($2::date[], $3::text[], $4::text[]) AS t(d, k, n)`,
      [y.year, days.map((d) => d.date), days.map((d) => d.kind), days.map((d) => d.name)],
    );
    return { replaced: before[0].n > 0 };
  }
}
