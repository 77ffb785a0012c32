import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { containsPattern, whereSql } from '../platform/sql.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/config.js';

/** The bigrams of a text as `case_text_bigrams()` computes them (lower-cased, by code point). */
export function bigramsOf(text: string): string[] {
  const chars = Array.from(text.toLowerCase());
  return chars.slice(1).map((c, i) => chars[i] + c);
}

/** How often bigrams occur, from PostgreSQL's own statistics of the indexed bigrams (refreshed by ANALYZE). */
export interface BigramStats {
  /** bigram → share of cases containing it (the most common ones) */
  common: Map<string, number>;
  /** every bigram not in `common` occurs in at most this share of the sampled cases */
  cutoff: number;
  /** estimated number of indexed cases */
  rows: number;
}

/**
 * At most how many cases can contain `term`, by the statistics: no more than contain its least common bigram (a bigram
 * missing from the most-common list occurs at most at the list's cutoff). Null without statistics or bigrams.
 */
export function mostCasesWith(stats: BigramStats | null, term: string): number | null {
  const grams = bigramsOf(term);
  if (!stats || grams.length === 0) return null;
  return Math.min(...grams.map((g) => stats.common.get(g) ?? stats.cutoff)) * stats.rows;
}

const STATS_TTL_MS = 5 * 60_000;

/**
 * The cases that can contain the term `$n`: those whose indexed bigrams include all of the term's, and those still
 * queued for the indexer (a few seconds' worth; src/cases/case-search-indexer.ts). A case is in exactly one of the two
 * in any snapshot.
 */
const CANDIDATES = (n: number) =>
  `SELECT s.case_id FROM case_search_text s WHERE s.bigrams @> case_text_bigrams($${n})
   UNION ALL SELECT q.case_id FROM case_search_pending q`;

/**
 * Text search over cases (title and description), newest first, with a cost that stays bounded whatever the term:
 *
 * - a term that is rare by the index statistics (its least common bigram occurs in at most `DIRECT_MAX`
 *   cases: every term made of an uncommon bigram) goes straight to the bigram index: all its matches are fetched
 *   and sorted, which is cheap because there are few;
 * - any other term is first looked for among the newest `searchRecentScan` cases matching the other filters, tested
 *   in order, stopping at a full page (common terms end here after a few dozen rows); only when fewer match there
 *   (the term is rarer than its bigrams) does the search go on through the index.
 *
 * The bigram index is `case_search_text_bigrams_idx` on `case_search_text.bigrams`, the distinct bigrams of
 * `title || ' ' || description` (`case_text_bigrams()`), kept by the indexer outside intake's transactions (migration
 * CaseSearchTextAsync). `LIKE` replaces `ILIKE` for terms without cased letters (Chinese): same answer, no
 * lower-casing of every row tested.
 */
@Injectable()
export class CaseSearch {
  static readonly DIRECT_MAX = 2_500;
  private cached: { stats: BigramStats | null; at: number } | null = null;
  private loading: Promise<BigramStats | null> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The newest `n` cases matching `where` (SQL conditions on alias `c`, parameters `$1…$k` in `params`) whose text
   * contains `term`, selecting `columns`.
   */
  async newest<Row>(columns: string, term: string, where: string[], params: unknown[], n: number): Promise<Row[]> {
    const op = term.toLowerCase() === term.toUpperCase() ? 'LIKE' : 'ILIKE';
    const p = params.length;
    const text = `(c.title || ' ' || c.description) ${op} $${p + 1}`;
    const values = [...params, containsPattern(term), n];
    if (!(await this.isRare(term))) {
      const recent: Row[] = await this.dataSource.query(
        `SELECT ${columns} FROM (SELECT * FROM cases c ${whereSql(where)} ORDER BY c.received_at DESC, c.id DESC LIMIT $${p + 3}) c
          WHERE ${text} ORDER BY c.received_at DESC, c.id DESC LIMIT $${p + 2}`,
        [...values, this.config.cases.searchRecentScan],
      );
      if (recent.length === n) return recent;
    }
    // MATERIALIZED: every match first (few), then the order; never a walk down received_at testing each row.
    return this.dataSource.query(
      `WITH matches AS MATERIALIZED (
         SELECT ${columns}, c.received_at AS "_at" FROM cases c
          WHERE ${[...where, `c.id IN (${CANDIDATES(p + 3)})`, text].join(' AND ')})
       SELECT * FROM matches ORDER BY "_at" DESC, id DESC LIMIT $${p + 2}`,
      [...values, term],
    ).then((rows: (Row & { _at?: unknown })[]) => rows.map(({ _at, ...r }) => r as Row));
  }

  /** Whether the statistics say that at most DIRECT_MAX cases can contain the term (false when unknown). */
  private async isRare(term: string): Promise<boolean> {
    const bound = mostCasesWith(await this.statistics(), term);
    return bound !== null && bound <= CaseSearch.DIRECT_MAX;
  }

  /** The statistics, reloaded at most every 5 minutes (also when there are none yet: a small or new database). */
  private async statistics(): Promise<BigramStats | null> {
    if (this.cached && Date.now() - this.cached.at < STATS_TTL_MS) return this.cached.stats;
    this.loading ??= this.loadStatistics()
      .then((stats) => (this.cached = { stats, at: Date.now() }).stats)
      .finally(() => (this.loading = null));
    return this.loading;
  }

  /** Named query: the indexed bigrams' element statistics (pg_stats) and the number of indexed cases. */
  private async loadStatistics(): Promise<BigramStats | null> {
    const [row] = await this.dataSource.query(
      `SELECT s.most_common_elems::text::text[] AS elems, s.most_common_elem_freqs AS freqs, greatest(t.reltuples, 0)::float8 AS rows
         FROM pg_stats s, pg_class t
        WHERE s.schemaname = current_schema() AND s.tablename = 'case_search_text' AND s.attname = 'bigrams'
          AND t.oid = 'case_search_text'::regclass`,
    );
    if (!row?.elems || !row.freqs) return null;
    const elems = row.elems as string[];
    const freqs = (row.freqs as number[]).map(Number);
    const common = new Map(elems.map((e, i) => [e, freqs[i]]));
    // most_common_elem_freqs ends with the minimum and maximum frequency and the null share (PostgreSQL's layout).
    const cutoff = freqs[elems.length];
    if (!Number.isFinite(cutoff) || !(row.rows > 0)) return null;
    return { common, cutoff, rows: Number(row.rows) };
  }
}
