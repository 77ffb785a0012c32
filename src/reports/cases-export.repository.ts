import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** Cases per batch: large enough to amortise a round trip, small enough to keep memory flat (about 1 MB of text). */
export const EXPORT_BATCH = 5000;

/**
 * A free-text CSV field built by PostgreSQL with the value csvCell() gives: plain text as it is; text that starts like a
 * formula gets an apostrophe and is quoted, like text with a quote, comma or line break (RFC 4180). One regular
 * expression per field keeps the common case cheap.
 */
function csvText(expr: string): string {
  return `CASE WHEN ${expr} IS NULL THEN '' WHEN ${expr} ~ '^[=+\\-@\\t\\r]|[",\\r\\n]'
    THEN '"' || replace(CASE WHEN ${expr} ~ '^[=+\\-@\\t\\r]' THEN '''' || ${expr} ELSE ${expr} END, '"', '""') || '"' ELSE ${expr} END`;
}

interface Batch {
  text: string | null;
  n: number;
  lastAt: string;
  lastId: string;
}

/**
 * The cases export's query (reports is the read model: it reads cases, partners and members). Keyset batches in one
 * read-only repeatable-read transaction on a connection of its own, each batch fetched while the previous one is
 * written out.
 */
@Injectable()
export class CasesExportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * `first` (the CSV header) once the snapshot is taken, then the CSV text of every case received in [start, end), in
   * batches. `labels` are the eight JSON label maps and words the query looks up ($3–$10).
   */
  async *lines(p: { start: Date; end: Date }, labels: string[], first: string): AsyncGenerator<string> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let inTransaction = false;
    let next: Promise<Batch[]> | undefined;
    // One batch: the next EXPORT_BATCH cases after the last one sent (keyset on received_at, id), as one text that
    // PostgreSQL builds (labels from the maps passed in, free text escaped), with the key of its last case.
    const batch = (after: { at: string; id: string } | null): Promise<Batch[]> =>
      runner.query(
        `WITH b AS (
           SELECT c.received_at, c.id, concat_ws(',',
                    c.reference,
                    to_char(c.received_at AT TIME ZONE INTERVAL '+08:00', 'YYYY-MM-DD HH24:MI:SS'),
                    $3::jsonb ->> c.channel,
                    $4::jsonb ->> c.channel,
                    ${csvText('p.name')},
                    coalesce($5::jsonb ->> c.category, ${csvText('c.category')}),
                    ${csvText('c.respondent_name')},
                    coalesce(c.respondent_member_id::text, ''),
                    CASE WHEN c.respondent_member_id IS NOT NULL THEN $6::jsonb ->> m.category ELSE '' END,
                    ${csvText('c.title')},
                    $7::jsonb ->> c.state,
                    coalesce($8::jsonb ->> c.phase, ${csvText('c.phase')}),
                    CASE WHEN c.overdue THEN $9 ELSE $10 END) || E'\\r\\n' AS line
             FROM cases c LEFT JOIN partners p ON p.id = c.partner_id LEFT JOIN members m ON m.id = c.respondent_member_id
            WHERE c.received_at >= coalesce($11::timestamptz, $1) AND c.received_at < $2 AND NOT c.test
              AND ($11::timestamptz IS NULL OR (c.received_at, c.id) > ($11::timestamptz, $12::uuid))
            ORDER BY c.received_at, c.id
            LIMIT ${EXPORT_BATCH})
         SELECT string_agg(line, '' ORDER BY received_at, id) AS text, count(*)::int AS n,
                max(received_at)::text AS "lastAt",
                (array_agg(id ORDER BY received_at DESC, id DESC))[1] AS "lastId"
           FROM b`,
        [p.start, p.end, ...labels, after?.at ?? null, after?.id ?? null],
      );
    try {
      // One snapshot for the whole export, however long the download takes.
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      inTransaction = true;
      yield first;
      let pending: Promise<Batch[]> = batch(null);
      next = pending;
      for (;;) {
        const [b] = await pending;
        // The next batch is fetched while this one is written out.
        if (b.n < EXPORT_BATCH) {
          next = undefined;
          if (b.n > 0) yield b.text as string;
          break;
        }
        pending = batch({ at: b.lastAt, id: b.lastId });
        next = pending;
        yield b.text as string;
      }
      await runner.query('COMMIT');
      inTransaction = false;
    } finally {
      // Also reached when the client goes away mid-export (the stream is destroyed and the generator returns).
      await next?.catch(() => undefined);
      if (inTransaction) await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release();
    }
  }
}
