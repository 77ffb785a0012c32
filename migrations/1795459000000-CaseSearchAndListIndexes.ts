import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Case search and list at 1,000,000 cases (see docs/performance.md, "Case lifecycle"):
 * - `case_text_bigrams(text)`: the distinct two-character sequences of the lower-cased text. Its GIN index answers
 *   "which cases contain every bigram of the term", the one index that serves Chinese terms of any length ≥ 2
 *   (pg_trgm extracts nothing from a 2-character pattern). It replaces the trigram index: one GIN index to keep up
 *   to date on intake, not two.
 * - `(respondent_member_id, state, received_at DESC, id DESC)`: a page of one member's cases in one state is a
 *   range scan of at most limit + 1 index entries, in the list's order.
 * - `cases_received_cover_idx` (the reports' covering index) keys on `(received_at, id)` instead of `received_at`
 *   alone, so the newest cases come out of it in the list's order (no incremental sort on the id tie-breaker; the
 *   search's first step reads thousands of them), and it replaces `cases_received_idx`: one index fewer to update
 *   on intake.
 */
export class CaseSearchAndListIndexes1795459000000 implements MigrationInterface {
  name = 'CaseSearchAndListIndexes1795459000000';

  async up(q: QueryRunner): Promise<void> {
    // plpgsql: twice as fast as the set-returning SQL forms (about 0.1 ms for a 150-character text). COST tells the
    // planner that evaluating it row by row is expensive, so it is used through its index, never as a row filter.
    // Duplicates are left in: GIN keeps each key once per row.
    await q.query(`
      CREATE FUNCTION case_text_bigrams(t text) RETURNS text[]
        LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 5000 AS $$
        DECLARE
          chars text[] := string_to_array(lower(t), NULL);
          grams text[] := '{}';
          prev text;
          c text;
        BEGIN
          FOREACH c IN ARRAY chars LOOP
            IF prev IS NOT NULL THEN grams := grams || (prev || c); END IF;
            prev := c;
          END LOOP;
          RETURN grams;
        END $$`);
    // GIN's pending list stays on (fastupdate): adding ~130 bigrams to the tree on every intake cost 1.5-3 ms of
    // PostgreSQL CPU per intake and a fifth of the intake throughput. But a small one (512 kB, not 4 MB): the intake
    // that overflows the list merges it, and merging 4 MB took 100+ ms (docs/performance.md, "Intake latency tails").
    await q.query(`CREATE INDEX cases_text_bigram_idx ON cases USING gin (case_text_bigrams(title || ' ' || description)) WITH (gin_pending_list_limit = 512)`);
    // Finer statistics of the bigrams (ANALYZE samples 120,000 rows instead of 30,000): the search sends a term whose
    // least common bigram is rarer than ~0.2 % of cases straight to the index (src/cases/case-search.ts).
    await q.query(`ALTER INDEX cases_text_bigram_idx ALTER COLUMN 1 SET STATISTICS 400`);
    await q.query(`DROP INDEX cases_text_trgm_idx`);
    await q.query(`CREATE INDEX cases_respondent_state_received_idx ON cases (respondent_member_id, state, received_at DESC, id DESC)`);
    await q.query(`DROP INDEX cases_received_idx`);
    await q.query(`DROP INDEX cases_received_cover_idx`);
    await q.query(`CREATE INDEX cases_received_cover_idx ON cases (received_at, id) INCLUDE (respondent_member_id, channel, partner_id, category)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_received_cover_idx`);
    await q.query(`CREATE INDEX cases_received_cover_idx ON cases (received_at) INCLUDE (id, respondent_member_id, channel, partner_id, category)`);
    await q.query(`CREATE INDEX cases_received_idx ON cases (received_at)`);
    await q.query(`DROP INDEX cases_respondent_state_received_idx`);
    await q.query(`CREATE INDEX cases_text_trgm_idx ON cases USING gin ((title || ' ' || description) gin_trgm_ops)`);
    await q.query(`DROP INDEX cases_text_bigram_idx`);
    await q.query(`DROP FUNCTION case_text_bigrams(text)`);
  }
}
