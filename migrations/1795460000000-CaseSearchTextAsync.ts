import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case text index leaves the intake transaction (docs/performance.md, "Intake latency tails").
 *
 * Until now every intake added its bigrams to the GIN index on `cases`, and the intake that overflowed GIN's pending
 * list merged the whole list into the tree while its partner waited (70–140 ms, every few seconds under load). Now:
 * - `case_search_pending`: a case's id, queued by a statement trigger on `cases` in the transaction that creates the
 *   case (one small row, whatever path inserts it: intake, staff entry, public form, a bulk load);
 * - `case_search_text`: a case's distinct bigrams, written by the indexer (src/cases/case-search-indexer.ts), which
 *   moves queued cases here in batches about a second later. The GIN index and its statistics live on this table, so
 *   its upkeep and merges happen in the indexer's transactions, never in a partner's;
 * - a search (src/cases/case-search.ts) asks the index and also tests the queued cases, so a case is findable from
 *   the moment it is committed. Moving a case from queue to index is one transaction: every snapshot sees it once.
 */
export class CaseSearchTextAsync1795460000000 implements MigrationInterface {
  name = 'CaseSearchTextAsync1795460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_search_text (
        case_id uuid PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
        bigrams text[] NOT NULL
      )`);
    // No foreign key: a queue row costs the intake one heap row and one index entry, nothing more. The indexer skips
    // ids whose case is gone.
    await q.query(`CREATE TABLE case_search_pending (case_id uuid PRIMARY KEY, queued_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`
      CREATE FUNCTION case_search_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO case_search_pending (case_id) SELECT id FROM changed ON CONFLICT (case_id) DO NOTHING;
          RETURN NULL;
        END $$`);
    await q.query(`CREATE TRIGGER cases_search_enqueue_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS changed
      FOR EACH STATEMENT EXECUTE FUNCTION case_search_enqueue()`);
    // Title and description do not change today; should they ever, the case is queued again.
    await q.query(`
      CREATE FUNCTION case_search_requeue() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO case_search_pending (case_id) VALUES (NEW.id) ON CONFLICT (case_id) DO NOTHING;
          RETURN NULL;
        END $$`);
    await q.query(`CREATE TRIGGER cases_search_requeue AFTER UPDATE OF title, description ON cases FOR EACH ROW
      WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.description IS DISTINCT FROM NEW.description)
      EXECUTE FUNCTION case_search_requeue()`);
    await q.query(`
      INSERT INTO case_search_text (case_id, bigrams)
      SELECT id, ARRAY(SELECT DISTINCT unnest(case_text_bigrams(title || ' ' || description))) FROM cases`);
    // A small pending list (512 kB), as before: a search reads the whole list besides the tree.
    await q.query(`CREATE INDEX case_search_text_bigrams_idx ON case_search_text USING gin (bigrams) WITH (gin_pending_list_limit = 512)`);
    // Finer statistics (as on the former index): the search routes a term by how many cases its rarest bigram is in.
    await q.query(`ALTER TABLE case_search_text ALTER COLUMN bigrams SET STATISTICS 400`);
    await q.query(`DROP INDEX cases_text_bigram_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX cases_text_bigram_idx ON cases USING gin (case_text_bigrams(title || ' ' || description)) WITH (gin_pending_list_limit = 512)`);
    await q.query(`ALTER INDEX cases_text_bigram_idx ALTER COLUMN 1 SET STATISTICS 400`);
    await q.query(`DROP TRIGGER cases_search_requeue ON cases`);
    await q.query(`DROP TRIGGER cases_search_enqueue_insert ON cases`);
    await q.query(`DROP FUNCTION case_search_requeue()`);
    await q.query(`DROP FUNCTION case_search_enqueue()`);
    await q.query(`DROP TABLE case_search_pending`);
    await q.query(`DROP TABLE case_search_text`);
  }
}
