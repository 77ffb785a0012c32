import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { keysetCursor } from '../platform/pagination.js';
import { Where } from '../platform/sql.js';
import type { BulletinFrequency, ExtraRecipient } from './bulletin-series.entity.js';
import type { BulletinStatus } from './bulletin.entity.js';
import type { BulletinFeedEntry } from './bulletin-atom.js';
import type { BulletinFigures } from './bulletin-figures.js';
import type { BulletinDisclosure, BulletinSection } from './bulletin-render.js';

export interface SeriesRow {
  id: string;
  code: string;
  title: string;
  frequency: BulletinFrequency;
  active: boolean;
  extraRecipients: ExtraRecipient[];
  createdAt: Date;
  updatedAt: Date;
}

const SERIES_SELECT = `SELECT s.id, s.code, s.title, s.frequency, s.active, s.extra_recipients AS "extraRecipients",
  s.created_at AS "createdAt", s.updated_at AS "updatedAt" FROM bulletin_series s`;

export interface BulletinRow {
  id: string;
  seriesId: string;
  seriesCode: string;
  /** The series' current title (`frozenSeriesTitle` once published). */
  seriesTitle: string;
  frozenSeriesTitle: string | null;
  status: BulletinStatus;
  title: string | null;
  periodFrom: string;
  periodTo: string;
  figures: BulletinFigures;
  disclosures: BulletinDisclosure[];
  sections: BulletinSection[];
  composedBy: string;
  contributors: string[];
  submittedBy: string | null;
  submittedAt: Date | null;
  approvedBy: string | null;
  approvedAt: Date | null;
  rejectedBy: string | null;
  rejectedAt: Date | null;
  rejectionReason: string | null;
  year: number | null;
  number: number | null;
  publishedBy: string | null;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const BULLETIN_COLUMNS = `b.id, b.series_id AS "seriesId", s.code AS "seriesCode", s.title AS "seriesTitle", b.series_title AS "frozenSeriesTitle",
  b.status, b.title, b.period_from::text AS "periodFrom", b.period_to::text AS "periodTo", b.figures, b.disclosures, b.sections,
  b.composed_by AS "composedBy", b.contributors::text[] AS contributors, b.submitted_by AS "submittedBy", b.submitted_at AS "submittedAt",
  b.approved_by AS "approvedBy", b.approved_at AS "approvedAt", b.rejected_by AS "rejectedBy", b.rejected_at AS "rejectedAt",
  b.rejection_reason AS "rejectionReason", b.year, b.number, b.published_by AS "publishedBy", b.published_at AS "publishedAt",
  b.created_at AS "createdAt", b.updated_at AS "updatedAt"`;

const BULLETIN_SELECT = `SELECT ${BULLETIN_COLUMNS} FROM bulletins b JOIN bulletin_series s ON s.id = b.series_id`;

/** What the public sees of a published bulletin (the renderings are read separately). */
export interface PublicBulletinRow {
  id: string;
  seriesCode: string;
  seriesTitle: string;
  title: string | null;
  periodFrom: string;
  periodTo: string;
  figures: BulletinFigures;
  disclosures: BulletinDisclosure[];
  sections: BulletinSection[];
  year: number;
  number: number;
  publishedAt: Date;
}

const PUBLIC_SELECT = `SELECT b.id, s.code AS "seriesCode", b.series_title AS "seriesTitle", b.title, b.period_from::text AS "periodFrom",
  b.period_to::text AS "periodTo", b.figures, b.disclosures, b.sections, b.year, b.number, b.published_at AS "publishedAt"
  FROM bulletins b JOIN bulletin_series s ON s.id = b.series_id`;

/** The staff list's order: newest draft first (its cursor is [created_at, id]). */
export const NEWEST_COMPOSED_FIRST = keysetCursor('desc', ['b.created_at', 'timestamp'], ['b.id', 'uuid']);
/** The public archive's order: newest published first (its cursor is [published_at, id]). */
export const NEWEST_PUBLISHED_FIRST = keysetCursor('desc', ['b.published_at', 'timestamp'], ['b.id', 'uuid']);

export interface DraftFields {
  seriesId: string;
  title: string | null;
  periodFrom: string;
  periodTo: string;
  figures: BulletinFigures;
  disclosures: BulletinDisclosure[];
  sections: BulletinSection[];
}

/** Every query of `bulletin_series`, `bulletins` and `bulletin_counters`, by name. */
@Injectable()
export class BulletinsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // --- series -------------------------------------------------------------------------------------------------------

  async insertSeries(
    m: EntityManager,
    s: { code: string; title: string; frequency: BulletinFrequency; active: boolean; extraRecipients: ExtraRecipient[]; at: Date },
  ): Promise<string> {
    const [row] = await m.query(
      `INSERT INTO bulletin_series (code, title, frequency, active, extra_recipients, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $6) RETURNING id`,
      [s.code, s.title, s.frequency, s.active, JSON.stringify(s.extraRecipients), s.at],
    );
    return row.id;
  }

  /**
   * The series; with `lock`, held until the transaction ends (NO KEY UPDATE: drafts referencing it are still inserted).
   * A publication locks it first, so publications of one series run one after the other and their times follow their
   * numbers.
   */
  async seriesById(m: EntityManager, id: string, lock = false): Promise<SeriesRow | undefined> {
    const [row] = await m.query(`${SERIES_SELECT} WHERE s.id = $1${lock ? ' FOR NO KEY UPDATE' : ''}`, [id]);
    return row;
  }

  listSeries(): Promise<SeriesRow[]> {
    return this.dataSource.query(`${SERIES_SELECT} ORDER BY s.code`);
  }

  async updateSeries(
    m: EntityManager,
    id: string,
    f: { title: string; frequency: BulletinFrequency; active: boolean; extraRecipients: ExtraRecipient[]; at: Date },
  ): Promise<void> {
    await m.query(`UPDATE bulletin_series SET title = $2, frequency = $3, active = $4, extra_recipients = $5::jsonb, updated_at = $6 WHERE id = $1`, [
      id,
      f.title,
      f.frequency,
      f.active,
      JSON.stringify(f.extraRecipients),
      f.at,
    ]);
  }

  // --- bulletins ----------------------------------------------------------------------------------------------------

  async insertDraft(m: EntityManager, d: DraftFields & { composedBy: string; at: Date }): Promise<string> {
    const [row] = await m.query(
      `INSERT INTO bulletins (series_id, status, title, period_from, period_to, figures, disclosures, sections, composed_by, contributors, created_at, updated_at)
       VALUES ($1, 'draft', $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8, ARRAY[$8]::uuid[], $9, $9) RETURNING id`,
      [d.seriesId, d.title, d.periodFrom, d.periodTo, JSON.stringify(d.figures), JSON.stringify(d.disclosures), JSON.stringify(d.sections), d.composedBy, d.at],
    );
    return row.id;
  }

  /** The bulletin, locked for the rest of the transaction. */
  async lock(m: EntityManager, id: string): Promise<BulletinRow | undefined> {
    const [row] = await m.query(`${BULLETIN_SELECT} WHERE b.id = $1 FOR UPDATE OF b`, [id]);
    return row;
  }

  async byId(id: string, m: EntityManager = this.dataSource.manager): Promise<BulletinRow | undefined> {
    const [row] = await m.query(`${BULLETIN_SELECT} WHERE b.id = $1`, [id]);
    return row;
  }

  /** The staff list, newest composed first; keyset on (created_at, id). */
  page(f: { seriesId?: string; status?: BulletinStatus; after?: readonly [string, string]; limit: number }): Promise<BulletinRow[]> {
    const w = new Where();
    if (f.seriesId) w.add('b.series_id = ?::uuid', f.seriesId);
    if (f.status) w.add('b.status = ?', f.status);
    if (f.after) w.add(NEWEST_COMPOSED_FIRST.clause, ...f.after);
    return this.dataSource.query(`${BULLETIN_SELECT} ${w.sql()} ORDER BY ${NEWEST_COMPOSED_FIRST.orderBy} LIMIT ${w.param(f.limit)}`, w.params);
  }

  /** Replaces a draft's content; `editor` joins its contributors. */
  async updateDraft(m: EntityManager, id: string, d: DraftFields & { editor: string; at: Date }): Promise<void> {
    await m.query(
      `UPDATE bulletins SET series_id = $2, title = $3, period_from = $4, period_to = $5, figures = $6::jsonb, disclosures = $7::jsonb, sections = $8::jsonb,
              contributors = CASE WHEN $9::uuid = ANY(contributors) THEN contributors ELSE array_append(contributors, $9::uuid) END, updated_at = $10
        WHERE id = $1`,
      [id, d.seriesId, d.title, d.periodFrom, d.periodTo, JSON.stringify(d.figures), JSON.stringify(d.disclosures), JSON.stringify(d.sections), d.editor, d.at],
    );
  }

  async markSubmitted(m: EntityManager, id: string, by: string, at: Date): Promise<void> {
    await m.query(`UPDATE bulletins SET status = 'submitted', submitted_by = $2, submitted_at = $3, updated_at = $3 WHERE id = $1`, [id, by, at]);
  }

  async markApproved(m: EntityManager, id: string, by: string, at: Date): Promise<void> {
    await m.query(`UPDATE bulletins SET status = 'approved', approved_by = $2, approved_at = $3, updated_at = $3 WHERE id = $1`, [id, by, at]);
  }

  /** Back to draft with the reason; an approval given before is void. */
  async markRejected(m: EntityManager, id: string, by: string, at: Date, reason: string): Promise<void> {
    await m.query(
      `UPDATE bulletins SET status = 'draft', rejected_by = $2, rejected_at = $3, rejection_reason = $4, approved_by = NULL, approved_at = NULL,
              submitted_by = NULL, submitted_at = NULL, updated_at = $3
        WHERE id = $1`,
      [id, by, at, reason],
    );
  }

  /**
   * The next number of the series in the year: increments its counter row (created at 1 for a new year), which stays
   * locked until the caller's transaction ends. Publications of one series therefore number one after the other, and a
   * rolled-back one gives its number back: no gap, no repeat.
   */
  async takeNumber(m: EntityManager, seriesId: string, year: number): Promise<number> {
    const [row] = await m.query(
      `INSERT INTO bulletin_counters (series_id, year, last_number) VALUES ($1, $2, 1)
       ON CONFLICT (series_id, year) DO UPDATE SET last_number = bulletin_counters.last_number + 1
       RETURNING last_number AS "lastNumber"`,
      [seriesId, year],
    );
    return row.lastNumber;
  }

  async markPublished(
    m: EntityManager,
    id: string,
    p: { by: string; at: Date; year: number; number: number; seriesTitle: string; html: string; emailHtml: string; text: string },
  ): Promise<void> {
    await m.query(
      `UPDATE bulletins SET status = 'published', published_by = $2, published_at = $3, year = $4, number = $5, series_title = $6,
              rendered_html = $7, rendered_email_html = $8, rendered_text = $9, updated_at = $3
        WHERE id = $1`,
      [id, p.by, p.at, p.year, p.number, p.seriesTitle, p.html, p.emailHtml, p.text],
    );
  }

  // --- the public archive and the mailing -------------------------------------------------------------------------

  async publicById(id: string): Promise<PublicBulletinRow | undefined> {
    const [row] = await this.dataSource.query(`${PUBLIC_SELECT} WHERE b.id = $1 AND b.status = 'published'`, [id]);
    return row;
  }

  /** Published only, newest first; keyset on (published_at, id); optionally one series (by code). */
  publicPage(f: { seriesCode?: string; after?: readonly [string, string]; limit: number }): Promise<PublicBulletinRow[]> {
    const w = new Where().addRaw(`b.status = 'published'`);
    if (f.seriesCode) w.add('s.code = ?', f.seriesCode);
    if (f.after) w.add(NEWEST_PUBLISHED_FIRST.clause, ...f.after);
    return this.dataSource.query(`${PUBLIC_SELECT} ${w.sql()} ORDER BY ${NEWEST_PUBLISHED_FIRST.orderBy} LIMIT ${w.param(f.limit)}`, w.params);
  }

  /** The frozen public document of a published bulletin. */
  async publishedHtml(id: string): Promise<string | undefined> {
    const [row] = await this.dataSource.query(`SELECT rendered_html AS html FROM bulletins WHERE id = $1 AND status = 'published'`, [id]);
    return row?.html;
  }

  /** The newest published bulletins with their text (the Atom feed). */
  feedEntries(limit: number): Promise<BulletinFeedEntry[]> {
    return this.dataSource.query(
      `SELECT b.id, s.code AS "seriesCode", b.series_title AS "seriesTitle", b.title, b.period_from::text AS "periodFrom", b.period_to::text AS "periodTo",
              b.year, b.number, b.published_at AS "publishedAt", b.rendered_text AS text
         FROM bulletins b JOIN bulletin_series s ON s.id = b.series_id
        WHERE b.status = 'published'
        ORDER BY ${NEWEST_PUBLISHED_FIRST.orderBy} LIMIT $1`,
      [limit],
    );
  }

  /** What the mailing of a published bulletin is made of: its frozen renderings and its series' extra addresses. */
  async mailingSource(
    id: string,
  ): Promise<{ seriesTitle: string; year: number; number: number; html: string; emailHtml: string; text: string; extraRecipients: ExtraRecipient[] } | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT b.series_title AS "seriesTitle", b.year, b.number, b.rendered_html AS html, b.rendered_email_html AS "emailHtml", b.rendered_text AS text,
              s.extra_recipients AS "extraRecipients"
         FROM bulletins b JOIN bulletin_series s ON s.id = b.series_id
        WHERE b.id = $1 AND b.status = 'published'`,
      [id],
    );
    return row;
  }
}
