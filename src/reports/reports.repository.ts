import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { SURVEYED_STATES } from '../complaints/index.js';

/**
 * The report queries, each named by what it counts. Everything is read from the case history (`case_events`, with
 * the time of each event) and the intake record (`cases.received_at`, channel, partner, category: fixed at intake),
 * for a half-open range [start, end). Nothing here reads a case's current state as a figure: the few uses of
 * `cases.state` and `cases.updated_at` only narrow down which histories to read (see `openAtEnd`).
 */

const FINAL = `('closed','dismissed','withdrawn','merged')`;
/** States in which a complaint has been decided (first entry into one of them ends "time to decision"). */
const DECIDED = `('resolved','publicized','referred','dismissed')`;

/**
 * The respondent of each case as of `$end`: the respondent recorded now, unless triage (ACCEPT) changed it at or
 * after `$end`, in which case the one recorded at intake (the RECEIVED entry). ACCEPT happens at most once per case;
 * a later correction (CORRECT_RESPONDENT) is not rolled back: such a case counts for its current respondent.
 */
const LATE_RESPONDENT = (end: string) => `
  late_respondent AS (
    SELECT a.case_id, r.payload->>'respondentMemberId' AS rid
      FROM case_events a JOIN case_events r ON r.case_id = a.case_id AND r.seq = 1
     WHERE a.type = 'ACCEPT' AND a.occurred_at >= ${end} AND a.payload ? 'respondentMemberId')`;
/** The one payload field each counted event type needs (one grouping expression keeps the aggregate small). */
const DETAIL = `CASE e.type WHEN 'RESOLVE' THEN e.payload->>'upheld' WHEN 'RESPOND' THEN e.payload->'response'->>'kind'
  WHEN 'DEADLINE_ELAPSED' THEN e.payload->>'deadline' END`;
/**
 * The entries of a response cycle (a request, the deadline elapsing, the answer), as the partial index
 * case_events_response_cycle_idx holds them: the entry just before an answer is its request when it came on time,
 * and the elapsed deadline when it came late (one request has at most one response deadline).
 */
const RESPONSE_CYCLE = (a: string) =>
  `(${a}.type IN ('REQUEST_RESPONSE', 'RESPOND') OR (${a}.type = 'DEADLINE_ELAPSED' AND ${a}.payload->>'deadline' = 'response'))`;
const RESPONDENT_AT_END = `CASE WHEN lr.case_id IS NULL THEN c.respondent_member_id::text ELSE lr.rid END`;
/**
 * Test complaints (the partner sandbox) count nowhere. Queries over `cases` say `NOT c.test`, which is also the predicate
 * of the partial indexes they use; queries over `case_events` alone drop the entries of test cases with this condition,
 * a hashed subplan over the few test cases (cases_test_received_idx, index-only), so their plans stay as they were.
 */
const LIVE_ENTRY = (e: string) => `${e}.case_id NOT IN (SELECT t.id FROM cases t WHERE t.test)`;
/**
 * Every event whose transition enters closed or dismissed (the states whose complainant is surveyed): the closing
 * entries are read through case_events_type_occurred_idx instead of every entry of the range. A test walks the
 * machine to keep this list complete (test/e2e/reports/satisfaction.e2e-spec.ts).
 */
export const CLOSING_EVENTS = ['CONFIRM', 'DEADLINE_ELAPSED', 'CLOSE', 'LE_CONCLUDE', 'DISMISS'] as const;

export interface IntakeRow {
  channel: string;
  partnerId: string | null;
  category: string;
  respondentCategory: string | null;
  n: number;
}

export interface EventCountRow {
  type: string;
  fromState: string | null;
  toState: string;
  /** RESOLVE: upheld ('true'/'false'); RESPOND: the answer kind; DEADLINE_ELAPSED: the deadline kind; else null. */
  detail: string | null;
  n: number;
}

export interface AnswerDelayRow {
  requestedOn: string;
  answeredOn: string;
  onTime: boolean;
  n: number;
}

export interface OpenRow {
  state: string;
  phase: string | null;
  overdue: boolean;
  n: number;
}

export interface DecisionStats {
  decided: number;
  medianDays: number | null;
  p90Days: number | null;
  byState: { state: string; n: number }[];
}

export interface SeriesRow {
  bucket: string;
  received: number;
  decided: number;
  publications: number;
  referrals: number;
}

export interface SanctionRow {
  toState: string;
  category: string;
  n: number;
}

/** Cases closed in the range (`rating` null) and survey answers in the range by rating, per channel and partner. */
export interface SatisfactionRow {
  channel: string;
  partnerId: string | null;
  rating: number | null;
  n: number;
}

export interface MemberEventRow {
  memberId: string;
  findings: number;
  upheld: number;
  agreements: number;
  mediationsFailed: number;
  mediationsTimedOut: number;
  responsesMissed: number;
  publications: number;
  referrals: number;
  answered: number;
  answeredLate: number;
}

export interface MemberRow {
  id: string;
  name: string;
  category: string;
  status: string;
}

export interface EvaluationRecord {
  year: number;
  methodologyVersion: string;
  minCases: number;
  result: Record<string, unknown>;
  resultHash: string;
  finalisedAt: Date;
  finalisedBy: string | null;
}

@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A read-only transaction with enough memory for a report's hashes and sorts (the server default of 4 MB spills to disk). */
  private analytic<T>(run: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SET TRANSACTION READ ONLY`);
      await m.query(`SET LOCAL work_mem = '64MB'`);
      return run(m);
    });
  }

  /** Cases received in the range by channel, partner, category and respondent (as of the end of the range). */
  intakeByDimensions(start: Date, end: Date, memberId: string | null = null): Promise<IntakeRow[]> {
    return this.analytic((m) =>
      m.query(
        `WITH ${LATE_RESPONDENT('$2')},
         intake AS (
           SELECT c.channel, c.partner_id, c.category, ${RESPONDENT_AT_END} AS rid
             FROM cases c LEFT JOIN late_respondent lr ON lr.case_id = c.id
            WHERE c.received_at >= $1 AND c.received_at < $2 AND NOT c.test
              AND ($3::uuid IS NULL OR c.respondent_member_id = $3 OR lr.case_id IS NOT NULL))
         SELECT i.channel, i.partner_id AS "partnerId", i.category, m.category AS "respondentCategory", count(*)::int AS n
           FROM intake i LEFT JOIN members m ON m.id::text = i.rid
          WHERE $3::text IS NULL OR i.rid = $3::text
          GROUP BY 1, 2, 3, 4`,
        [start, end, memberId],
      ),
    );
  }

  /** Every history entry in the range, counted by type, states and the payload fields the figures need. */
  eventCounts(start: Date, end: Date): Promise<EventCountRow[]> {
    return this.analytic((m) =>
      m.query(
        `SELECT e.type, e.from_state AS "fromState", e.to_state AS "toState", ${DETAIL} AS detail, count(*)::int AS n
           FROM case_events e
          WHERE e.occurred_at >= $1 AND e.occurred_at < $2 AND ${LIVE_ENTRY('e')}
          GROUP BY 1, 2, 3, 4`,
        [start, end],
      ),
    );
  }

  /** The same counts for the cases of one respondent member (events after triage: the respondent is settled). */
  memberEventCounts(start: Date, end: Date, memberId: string): Promise<EventCountRow[]> {
    return this.analytic((m) =>
      m.query(
        `SELECT e.type, e.from_state AS "fromState", e.to_state AS "toState", ${DETAIL} AS detail, count(*)::int AS n
           FROM cases c JOIN case_events e ON e.case_id = c.id
          WHERE c.respondent_member_id = $3 AND NOT c.test AND e.occurred_at >= $1 AND e.occurred_at < $2 AND e.type <> 'RECEIVED'
          GROUP BY 1, 2, 3, 4`,
        [start, end, memberId],
      ),
    );
  }

  /**
   * Respondent answers (RESPOND) in the range with the Shanghai dates of the request they answer and of the answer,
   * and whether they came before the response deadline elapsed (no DEADLINE_ELAPSED{response} between the two).
   */
  answerDelays(start: Date, end: Date, memberId: string | null = null): Promise<AnswerDelayRow[]> {
    return this.analytic((m) =>
      m.query(
          `SELECT to_char(CASE WHEN q.types[1] = 'REQUEST_RESPONSE' THEN q.ats[1] ELSE q.ats[2] END AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS "requestedOn",
                  to_char(r.occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS "answeredOn",
                  q.types[1] = 'REQUEST_RESPONSE' AS "onTime", count(*)::int AS n
             FROM case_events r
             JOIN LATERAL (SELECT array_agg(p.type ORDER BY p.seq DESC) AS types, array_agg(p.occurred_at ORDER BY p.seq DESC) AS ats
                             FROM (SELECT p.type, p.seq, p.occurred_at FROM case_events p
                                    WHERE p.case_id = r.case_id AND p.seq < r.seq AND ${RESPONSE_CYCLE('p')}
                                    ORDER BY p.seq DESC LIMIT 2) p) q ON true
            WHERE r.type = 'RESPOND' AND r.occurred_at >= $1 AND r.occurred_at < $2 AND ${LIVE_ENTRY('r')}
              AND ($3::uuid IS NULL OR r.case_id IN (SELECT c.id FROM cases c WHERE c.respondent_member_id = $3 AND NOT c.test))
            GROUP BY 1, 2, 3`,
          [start, end, memberId],
      ),
    );
  }

  /**
   * Per respondent member, from the history entries in the range: findings and how many upheld, mediations ended and
   * succeeded, missed response deadlines, publications, referrals, answers and how many came after the deadline had
   * elapsed. Cases received up to 120 days before the range (nearly all) get their respondent from one hash over the
   * covering index on received_at; older ones by primary key. These events all follow triage, so the respondent is
   * settled.
   */
  async memberFigures(start: Date, end: Date): Promise<MemberEventRow[]> {
    // Every figure is a count of entries, so slices of the range add up exactly; the slices run on separate
    // connections, which lets PostgreSQL use several cores for what is one serial plan per query.
    const slices = 4;
    const step = (end.getTime() - start.getTime()) / slices;
    const parts = await Promise.all(
      Array.from({ length: slices }, (_, i) =>
        this.memberFiguresIn(new Date(start.getTime() + Math.round(i * step)), i === slices - 1 ? end : new Date(start.getTime() + Math.round((i + 1) * step))),
      ),
    );
    const byMember = new Map<string, MemberEventRow>();
    for (const row of parts.flat()) {
      const sum = byMember.get(row.memberId);
      if (!sum) byMember.set(row.memberId, { ...row });
      else for (const k of Object.keys(row) as (keyof MemberEventRow)[]) if (k !== 'memberId') (sum[k] as number) += row[k] as number;
    }
    return [...byMember.values()];
  }

  private memberFiguresIn(start: Date, end: Date): Promise<MemberEventRow[]> {
    return this.analytic((m) =>
      m.query(
          `WITH missed AS MATERIALIZED (
             SELECT DISTINCT case_id FROM case_events
              WHERE type = 'DEADLINE_ELAPSED' AND payload->>'deadline' = 'response' AND occurred_at < $2),
           ev AS MATERIALIZED (
             SELECT e.case_id, e.seq, e.type, e.to_state, ${DETAIL} AS detail,
                    CASE WHEN r.id IS NOT NULL THEN r.respondent_member_id
                         ELSE (SELECT c.respondent_member_id FROM cases c WHERE c.id = e.case_id) END AS rid
               FROM case_events e
               LEFT JOIN (SELECT id, respondent_member_id FROM cases
                           WHERE received_at >= $1::timestamptz - interval '120 days' AND received_at < $2 AND NOT test) r ON r.id = e.case_id
              WHERE e.occurred_at >= $1 AND e.occurred_at < $2 AND ${LIVE_ENTRY('e')}
                AND e.type IN ('RESOLVE', 'AGREEMENT', 'MEDIATION_FAILED', 'DEADLINE_ELAPSED', 'APPROVE', 'RESPOND'))
           SELECT ev.rid::text AS "memberId",
                  count(*) FILTER (WHERE type IN ('RESOLVE', 'AGREEMENT'))::int AS findings,
                  count(*) FILTER (WHERE type = 'AGREEMENT' OR (type = 'RESOLVE' AND detail = 'true'))::int AS upheld,
                  count(*) FILTER (WHERE type = 'AGREEMENT')::int AS agreements,
                  count(*) FILTER (WHERE type = 'MEDIATION_FAILED')::int AS "mediationsFailed",
                  count(*) FILTER (WHERE type = 'DEADLINE_ELAPSED' AND detail = 'mediation')::int AS "mediationsTimedOut",
                  count(*) FILTER (WHERE type = 'DEADLINE_ELAPSED' AND detail = 'response')::int AS "responsesMissed",
                  count(*) FILTER (WHERE type = 'APPROVE' AND to_state = 'publicized')::int AS publications,
                  count(*) FILTER (WHERE type = 'APPROVE' AND to_state = 'referred')::int AS referrals,
                  count(*) FILTER (WHERE type = 'RESPOND')::int AS answered,
                  count(*) FILTER (WHERE type = 'RESPOND' AND ms.case_id IS NOT NULL
                                     AND (SELECT p.type FROM case_events p
                                           WHERE p.case_id = ev.case_id AND p.seq < ev.seq AND ${RESPONSE_CYCLE('p')}
                                           ORDER BY p.seq DESC LIMIT 1) = 'DEADLINE_ELAPSED')::int AS "answeredLate"
             FROM ev LEFT JOIN missed ms ON ms.case_id = ev.case_id
            WHERE ev.rid IS NOT NULL
            GROUP BY ev.rid`,
          [start, end],
      ),
    );
  }

  /** Complaints received in the range per respondent member (as of the end of the range). */
  intakeByMember(start: Date, end: Date): Promise<{ memberId: string; n: number }[]> {
    return this.analytic((m) =>
      m.query(
        `WITH ${LATE_RESPONDENT('$2')}
         SELECT ${RESPONDENT_AT_END} AS "memberId", count(*)::int AS n
           FROM cases c LEFT JOIN late_respondent lr ON lr.case_id = c.id
          WHERE c.received_at >= $1 AND c.received_at < $2 AND NOT c.test
          GROUP BY 1 HAVING ${RESPONDENT_AT_END} IS NOT NULL`,
        [start, end],
      ),
    );
  }

  /**
   * Decisions in the range: the first time each case entered resolved, publicized, referred or dismissed, with the
   * median and 90th percentile of the days from receipt (fractional calendar days).
   */
  async decisions(start: Date, end: Date, memberId: string | null = null): Promise<DecisionStats> {
    const rows: { state: string; n: number; median: number | null; p90: number | null; total: number }[] = await this.analytic((m) =>
      m.query(
        `WITH d AS (
           SELECT e.to_state AS state, extract(epoch FROM e.occurred_at - c.received_at) / 86400 AS days
             FROM case_events e JOIN cases c ON c.id = e.case_id
            WHERE e.occurred_at >= $1 AND e.occurred_at < $2 AND e.to_state IN ${DECIDED} AND NOT c.test
              AND e.from_state IS DISTINCT FROM e.to_state
              AND NOT EXISTS (SELECT 1 FROM case_events p WHERE p.case_id = e.case_id AND p.seq < e.seq AND p.to_state IN ${DECIDED})
              AND ($3::uuid IS NULL OR c.respondent_member_id = $3))
         SELECT s.state, s.n, t.median, t.p90, t.total
           FROM (SELECT count(*)::int AS total, percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median,
                        percentile_cont(0.9) WITHIN GROUP (ORDER BY days) AS p90 FROM d) t
           LEFT JOIN (SELECT state, count(*)::int AS n FROM d GROUP BY state) s ON true`,
        [start, end, memberId],
      ),
    );
    const t = rows[0];
    return {
      decided: t?.total ?? 0,
      medianDays: t?.median ?? null,
      p90Days: t?.p90 ?? null,
      byState: rows.filter((r) => r.state !== null).map((r) => ({ state: r.state, n: r.n })),
    };
  }

  /**
   * Cases open at `at` (received before it, and not in a final state after their last history entry before it),
   * by state and phase, and whether they had missed a triage, response or resolution deadline by then. Only
   * histories that can answer "open" are read: cases open now, and cases whose history went on at or after `at`
   * (updated_at is the time of a case's last entry); every other case's last entry is final and before `at`.
   */
  openAtEnd(at: Date): Promise<OpenRow[]> {
    return this.analytic((m) =>
      m.query(
        `WITH candidates AS (
           SELECT id FROM cases WHERE state NOT IN ${FINAL} AND NOT test AND received_at < $1
           UNION
           SELECT id FROM cases WHERE updated_at >= $1 AND received_at < $1 AND NOT test)
         SELECT l.to_state AS state, l.phase, o.hit IS NOT NULL AS overdue, count(*)::int AS n
           FROM candidates k
           JOIN LATERAL (SELECT e.to_state, e.payload->>'phase' AS phase FROM case_events e
                          WHERE e.case_id = k.id AND e.occurred_at < $1 ORDER BY e.seq DESC LIMIT 1) l ON true
           LEFT JOIN LATERAL (SELECT 1 AS hit FROM case_events d
                               WHERE d.case_id = k.id AND d.type = 'DEADLINE_ELAPSED' AND d.occurred_at < $1
                                 AND d.payload->>'deadline' IN ('triage', 'response', 'resolution') LIMIT 1) o ON l.to_state NOT IN ${FINAL}
          WHERE l.to_state NOT IN ${FINAL}
          GROUP BY 1, 2, 3`,
        [at],
      ),
    );
  }

  /**
   * Satisfaction in the range, per channel and partner of the case: the distinct cases that entered closed or dismissed
   * (`rating` null), and the survey answers recorded (`answered_at`) by rating. Two small grouped reads: the closing
   * entries by type and time, the answers by time (satisfaction_surveys_answered_idx), each joined to its case by key.
   */
  satisfaction(start: Date, end: Date): Promise<SatisfactionRow[]> {
    return this.analytic((m) =>
      m.query(
        `WITH closings AS (
           SELECT c.channel, c.partner_id, count(DISTINCT e.case_id)::int AS n
             FROM case_events e JOIN cases c ON c.id = e.case_id
            WHERE e.type = ANY($3) AND e.occurred_at >= $1 AND e.occurred_at < $2 AND NOT c.test
              AND e.to_state = ANY($4) AND e.from_state IS DISTINCT FROM e.to_state
            GROUP BY 1, 2),
         answers AS (
           SELECT c.channel, c.partner_id, s.rating::int AS rating, count(*)::int AS n
             FROM satisfaction_surveys s JOIN cases c ON c.id = s.case_id
            WHERE s.answered_at >= $1 AND s.answered_at < $2 AND NOT c.test
            GROUP BY 1, 2, 3)
         SELECT channel, partner_id AS "partnerId", NULL::int AS rating, n FROM closings
         UNION ALL
         SELECT channel, partner_id, rating, n FROM answers`,
        [start, end, [...CLOSING_EVENTS], [...SURVEYED_STATES]],
      ),
    );
  }

  /** Publications and referrals approved in the range, by complaint category. */
  sanctionsByCategory(start: Date, end: Date): Promise<SanctionRow[]> {
    return this.dataSource.query(
      `SELECT e.to_state AS "toState", c.category, count(*)::int AS n
         FROM case_events e JOIN cases c ON c.id = e.case_id
        WHERE e.type = 'APPROVE' AND e.occurred_at >= $1 AND e.occurred_at < $2 AND NOT c.test
        GROUP BY 1, 2`,
      [start, end],
    );
  }

  /** Received, decided, publications and referrals per day, ISO week or month (Shanghai). */
  series(start: Date, end: Date, bucket: 'day' | 'week' | 'month'): Promise<SeriesRow[]> {
    return this.analytic((m) =>
      m.query(
        `WITH received AS (
           SELECT date_trunc($3, c.received_at AT TIME ZONE 'Asia/Shanghai')::date AS bucket, count(*)::int AS n
             FROM cases c WHERE c.received_at >= $1 AND c.received_at < $2 AND NOT c.test GROUP BY 1),
         events AS (
           SELECT date_trunc($3, e.occurred_at AT TIME ZONE 'Asia/Shanghai')::date AS bucket,
                  count(*) FILTER (WHERE e.to_state IN ${DECIDED} AND e.from_state IS DISTINCT FROM e.to_state
                                     AND NOT EXISTS (SELECT 1 FROM case_events p WHERE p.case_id = e.case_id AND p.seq < e.seq
                                                       AND p.to_state IN ${DECIDED}))::int AS decided,
                  count(*) FILTER (WHERE e.type = 'APPROVE' AND e.to_state = 'publicized')::int AS publications,
                  count(*) FILTER (WHERE e.type = 'APPROVE' AND e.to_state = 'referred')::int AS referrals
             FROM case_events e
            WHERE e.occurred_at >= $1 AND e.occurred_at < $2 AND e.type IN ('RESOLVE', 'AGREEMENT', 'APPROVE', 'DISMISS') AND ${LIVE_ENTRY('e')}
            GROUP BY 1)
         SELECT to_char(coalesce(r.bucket, e.bucket), 'YYYY-MM-DD') AS bucket, coalesce(r.n, 0) AS received,
                coalesce(e.decided, 0) AS decided, coalesce(e.publications, 0) AS publications, coalesce(e.referrals, 0) AS referrals
           FROM received r FULL JOIN events e ON e.bucket = r.bucket
          ORDER BY 1`,
        [start, end, bucket],
      ),
    );
  }

  partnerNames(): Promise<{ id: string; name: string }[]> {
    return this.dataSource.query(`SELECT id, name FROM partners`);
  }

  categoryLabels(): Promise<{ code: string; labelZh: string; labelEn: string; sortOrder: number }[]> {
    return this.dataSource.query(`SELECT code, label_zh AS "labelZh", label_en AS "labelEn", sort_order AS "sortOrder" FROM complaint_categories ORDER BY sort_order, code`);
  }

  /** The member, if the caller may see it: staff see every member, a member_rep only its own (`scope`). */
  async findVisibleMember(id: string, scope: string | null): Promise<MemberRow | null> {
    const rows = await this.dataSource.query(
      `SELECT id, name, category, status FROM members WHERE id = $1 AND ($2::uuid IS NULL OR id = $2)`,
      [id, scope],
    );
    return rows[0] ?? null;
  }

  /** Members evaluated for a year: those that had joined by its last day. */
  membersJoinedBy(lastDay: string): Promise<MemberRow[]> {
    return this.dataSource.query(`SELECT id, name, category, status FROM members WHERE joined_on <= $1 ORDER BY name, id`, [lastDay]);
  }

  async findEvaluation(year: number): Promise<EvaluationRecord | null> {
    const rows = await this.dataSource.query(
      `SELECT year, methodology_version AS "methodologyVersion", min_cases AS "minCases", result, result_hash AS "resultHash",
              finalised_at AS "finalisedAt", finalised_by AS "finalisedBy"
         FROM report_evaluations WHERE year = $1`,
      [year],
    );
    return rows[0] ?? null;
  }

  /** Stores a finalised evaluation; false when the year was already finalised (the first one stays). */
  async insertEvaluation(m: EntityManager, r: EvaluationRecord): Promise<boolean> {
    const rows = await m.query(
      `INSERT INTO report_evaluations (year, methodology_version, min_cases, result, result_hash, finalised_at, finalised_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (year) DO NOTHING RETURNING id`,
      [r.year, r.methodologyVersion, r.minCases, JSON.stringify(r.result), r.resultHash, r.finalisedAt, r.finalisedBy],
    );
    return rows.length === 1;
  }
}
