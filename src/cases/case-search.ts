import { Inject, Injectable } from '@nestjs/common';
import { containsPattern, type Where } from '../platform/sql.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/config.js';
import { CaseReadsRepository } from './case-reads.repository.js';

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
    private readonly cases: CaseReadsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The newest `n` cases matching `where` (SQL conditions on alias `c`, parameters `$1…$k` in `params`) whose text
   * contains `term`, as summary rows (with `forwarded` for a respondent's list).
   */
  async newest<Row>(term: string, where: Where, n: number, withForwarded: boolean): Promise<Row[]> {
    const op = term.toLowerCase() === term.toUpperCase() ? 'LIKE' : 'ILIKE';
    const pattern = containsPattern(term);
    if (!(await this.isRare(term))) {
      const recent = await this.cases.searchRecent<Row>(where, op, pattern, n, this.config.cases.searchRecentScan, withForwarded);
      if (recent.length === n) return recent;
    }
    return this.cases.searchIndexed<Row>(where, op, pattern, term, n, withForwarded);
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

  /** The indexed bigrams' element statistics (pg_stats) and the number of indexed cases. */
  private async loadStatistics(): Promise<BigramStats | null> {
    const row = await this.cases.bigramStatistics();
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
