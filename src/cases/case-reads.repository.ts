import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { decodeCursor, encodeCursor, keysetCursor } from '../platform/pagination.js';
import type { Where } from '../platform/sql.js';
import type { Channel, CitedArticle, RespondentMatch } from './case.entity.js';
import { ComplaintCategory } from './categories/complaint-category.entity.js';
import type { CaseContext } from './machine/case.types.js';
import type { CaseEventRow, CaseRow } from './views/case-rows.js';
import { FORWARDING_EVENTS } from './views/respondent.view.js';

/** Columns of a case row that any view may be made of; the contact blob, its key, the receipt hash and the snapshot are not among them. */
const SUMMARY = `c.id, c.reference, c.state, c.phase, c.channel, c.category, c.title, c.respondent_member_id AS "respondentMemberId",
  c.respondent_name AS "respondentName", c.partner_id AS "partnerId", c.assignee_id AS "assigneeId", c.overdue,
  c.is_employee_of_respondent AS "isEmployeeOfRespondent", c.received_at AS "receivedAt", c.updated_at AS "updatedAt", c.version`;

/** Whether the association has brought case `c` to its respondent (FORWARDING_EVENTS in its history). */
const FORWARDED_SQL = `EXISTS (SELECT 1 FROM case_events fe WHERE fe.case_id = c.id AND fe.type IN (${FORWARDING_EVENTS.map((t) => `'${t}'`).join(', ')}))`;

/** The list condition for a respondent's text search: only text it has been shown (never an employee's complaint, nor one not yet forwarded). */
export const RESPONDENT_SEARCHABLE = `c.is_employee_of_respondent = false AND ${FORWARDED_SQL}`;

/**
 * The cases that can contain the term `$n`: those whose indexed bigrams include all of the term's, and those still
 * queued for the indexer (a few seconds' worth; src/cases/case-search-indexer.ts). A case is in exactly one of the two
 * in any snapshot.
 */
const CANDIDATES = (termParam: string) =>
  `SELECT s.case_id FROM case_search_text s WHERE s.bigrams @> case_text_bigrams(${termParam})
   UNION ALL SELECT q.case_id FROM case_search_pending q`;

/** The case list's order: newest received first (its cursor is [received_at, id]). */
export const NEWEST_FIRST = keysetCursor('desc', ['c.received_at', 'timestamp'], ['c.id', 'uuid']);

/**
 * The cursor of `sort=deadline`: where the page ended, in which of the list's two parts. `['due', dueAt, id]` after a
 * case of the first part (running deadline the caller must meet, due time ascending, ties by id), `['rest', receivedAt,
 * id]` after one of the second (the others, newest first). Its shape differs from NEWEST_FIRST's `[receivedAt, id]`, so
 * neither sort takes the other's cursor.
 */
export type DeadlineFirstCursor = ['due' | 'rest', string, string];
export const DEADLINE_FIRST = {
  encode: (c: DeadlineFirstCursor): string => encodeCursor(c),
  decode: (cursor: string | undefined): DeadlineFirstCursor | undefined =>
    decodeCursor(
      cursor,
      (v): v is DeadlineFirstCursor =>
        Array.isArray(v) && v.length === 3 && (v[0] === 'due' || v[0] === 'rest') && typeof v[1] === 'string' && !Number.isNaN(Date.parse(v[1])) &&
        typeof v[2] === 'string' && /^[0-9a-f-]{36}$/i.test(v[2]),
    ),
};

/**
 * A page query with `forwarded` worked out for the page's rows only (`orderBy` repeats its order over its output
 * columns): inside the page query the planner may take the EXISTS as a hashed subplan over every forwarding event of
 * the table (381 ms on 300,000 cases for the largest member's open cases newest first; docs/performance.md, "Member portal").
 */
const forwardedOfPage = (page: string, orderBy: string, withForwarded: boolean) =>
  withForwarded ? `SELECT c.*, ${FORWARDED_SQL} AS forwarded FROM (${page}) c ORDER BY ${orderBy}` : page;

/** Running deadlines of `alias`, of these kinds only (null: every kind). Literal kinds, never input. */
const runningDeadline = (alias: string, kinds: readonly string[] | null) =>
  `${alias}.settled_at IS NULL${kinds ? ` AND ${alias}.kind IN (${kinds.map((k) => `'${k}'`).join(', ')})` : ''}`;

const columnsFor = (withForwarded: boolean) => (withForwarded ? `${SUMMARY}, ${FORWARDED_SQL} AS forwarded` : SUMMARY);

/** A case as its status route shows it to the complainant or the submitting partner. */
export interface CaseStatusRow {
  id: string;
  reference: string;
  externalId: string | null;
  state: string;
  phase: string | null;
  receivedAt: Date;
  updatedAt: Date;
}

/** What the complainant's status shows beyond the state: read from the machine context, the merge target and the open confirmation deadline. */
export interface ComplainantFacts {
  finding: CaseContext['finding'];
  response: CaseContext['response'];
  followUp: CaseContext['followUp'];
  mergedIntoReference: string | null;
  confirmBy: Date | null;
}

/** What a disclosure is made of: the case's respondent and category (with its labels) and the machine context. */
export interface PublicationFacts {
  id: string;
  respondentMemberId: string | null;
  respondentName: string;
  category: string;
  categoryZh: string;
  categoryEn: string;
  context: CaseContext;
}

/** The case as a referral packet states it (the encrypted contact is opened by the packet builder, on the record). */
export interface PacketCaseRow {
  id: string;
  reference: string;
  channel: Channel;
  category: string;
  categoryZh: string;
  categoryEn: string;
  title: string;
  description: string;
  occurredAt: Date;
  receivedAt: Date;
  urls: string[];
  citedArticles: CitedArticle[];
  respondentMemberId: string | null;
  respondentName: string;
  respondentUrl: string | null;
  respondentMatch: RespondentMatch | null;
  anonymous: boolean;
  contactEnc: Buffer | null;
  /** Set whenever `contactEnc` is. */
  contactKeyId: string;
  isEmployeeOfRespondent: boolean;
}

/** A referral's acknowledgement and conclusion as the case history records them. */
/**
 * Every read of the cases context's tables (`cases`, `case_events`, `case_deadlines`, `complaint_categories`,
 * `case_search_*`) that is not the one door's, by name: the case routes, search and its indexer, the taxonomy, and the
 * facts other contexts need (complaints, publications, referrals). Methods that take a manager run in the caller's
 * transaction; the others read outside one.
 */
/** See `CaseReadsRepository.mailFacts`. */
export interface CaseMailFacts {
  reference: string;
  test: boolean;
  categoryZh: string;
  categoryEn: string;
  /** Deadline kind → due time (ISO), for the deadlines still running. */
  openDeadlines: Record<string, string>;
}

@Injectable()
export class CaseReadsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ---- case routes ----

  /** The newest `n` cases matching `where` (conditions on alias `c`, parameters `$1…` in `params`). */
  newest<Row>(where: Where, n: number, withForwarded: boolean): Promise<Row[]> {
    const w = where.copy();
    return this.dataSource.query(
      forwardedOfPage(`SELECT ${SUMMARY} FROM cases c ${w.sql()} ORDER BY ${NEWEST_FIRST.orderBy} LIMIT ${w.param(n)}`, 'c."receivedAt" DESC, c.id DESC', withForwarded),
      w.params,
    );
  }

  /**
   * The first part of `sort=deadline`: the cases matching `where` with a running deadline of these kinds (null: any),
   * each once, at the deadline of its that falls due first, ordered by that due time, then id; after `after` ([dueAt,
   * id]). One row per running deadline that is its case's first (NOT EXISTS an earlier one of the same case: a probe of
   * case_deadlines_active_key), so the planner may walk case_deadlines_running_due_idx in order (staff, every case) or
   * start from the member's cases and sort the few with a deadline (a respondent); docs/performance.md.
   */
  dueFirst<Row>(where: Where, kinds: readonly string[] | null, after: [string, string] | undefined, n: number, withForwarded: boolean): Promise<(Row & { sortDueAt: Date })[]> {
    const w = where.copy();
    w.addRaw(runningDeadline('d', kinds)).addRaw(
      `NOT EXISTS (SELECT 1 FROM case_deadlines e WHERE e.case_id = d.case_id AND ${runningDeadline('e', kinds)} AND (e.due_at, e.kind) < (d.due_at, d.kind))`,
    );
    if (after) w.add('(d.due_at, c.id) > (?::timestamptz, ?::uuid)', ...after);
    return this.dataSource.query(
      forwardedOfPage(
        `SELECT ${SUMMARY}, d.due_at AS "sortDueAt" FROM case_deadlines d JOIN cases c ON c.id = d.case_id ${w.sql()} ORDER BY d.due_at, c.id LIMIT ${w.param(n)}`,
        'c."sortDueAt", c.id',
        withForwarded,
      ),
      w.params,
    );
  }

  /** The second part of `sort=deadline`: the newest `n` cases matching `where` with no running deadline of these kinds (null: none at all). */
  newestWithoutDeadline<Row>(where: Where, kinds: readonly string[] | null, n: number, withForwarded: boolean): Promise<Row[]> {
    return this.newest<Row>(where.copy().addRaw(`NOT EXISTS (SELECT 1 FROM case_deadlines e WHERE e.case_id = c.id AND ${runningDeadline('e', kinds)})`), n, withForwarded);
  }

  /** How many cases match `where`, counting no further than `cap` (a capped count: the rows walked never exceed it). */
  async countUpTo(where: Where, cap: number): Promise<number> {
    const w = where.copy();
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM cases c ${w.sql()} LIMIT ${w.param(cap)}) x`, w.params);
    return n;
  }

  /** Case id → its running deadline (of these kinds; null: any) that falls due first (case_deadlines_active_key), for these cases. */
  async firstRunningDeadlines(ids: string[], kinds: readonly string[] | null = null): Promise<Map<string, { kind: string; dueAt: Date }>> {
    if (ids.length === 0) return new Map();
    const rows: { caseId: string; kind: string; dueAt: Date }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (d.case_id) d.case_id AS "caseId", d.kind, d.due_at AS "dueAt"
         FROM case_deadlines d WHERE d.case_id = ANY($1::uuid[]) AND ${runningDeadline('d', kinds)} ORDER BY d.case_id, d.due_at, d.kind`,
      [ids],
    );
    return new Map(rows.map((r) => [r.caseId, { kind: r.kind, dueAt: r.dueAt }]));
  }

  /** The case row, its machine state value and context, if it matches `where` (which names the id). */
  async visibleCase(where: Where): Promise<{ row: CaseRow; value: unknown; context: CaseContext } | null> {
    const rows = await this.dataSource.query(
      `SELECT ${SUMMARY}, c.description, c.occurred_at AS "occurredAt", c.urls, c.cited_articles AS "citedArticles",
              c.respondent_match AS "respondentMatch", c.complainant_anonymous AS "complainantAnonymous",
              (c.complainant_contact_enc IS NOT NULL) AS "hasContact",
              c.snapshot -> 'value' AS "stateValue", c.snapshot -> 'context' AS context,
              (SELECT coalesce(json_agg(json_build_object('kind', d.kind, 'dueAt', d.due_at, 'calendarCovered', d.calendar_covered) ORDER BY d.due_at), '[]')
                 FROM case_deadlines d WHERE d.case_id = c.id AND d.settled_at IS NULL) AS deadlines
         FROM cases c ${where.sql()}`,
      where.params,
    );
    const r = rows[0];
    if (!r) return null;
    const { stateValue, context, ...row } = r;
    return { row: row as CaseRow, value: stateValue, context: context as CaseContext };
  }

  /** The complainant's sealed contact (null when anonymous or erased) and its key id (set with it); null when the case is unknown or a test case. */
  async sealedContact(id: string): Promise<{ anonymous: boolean; contactEnc: Buffer | null; keyId: string } | null> {
    const rows = await this.dataSource.query(
      `SELECT complainant_anonymous AS anonymous, complainant_contact_enc AS "contactEnc", complainant_key_id AS "keyId" FROM cases WHERE id = $1 AND NOT test`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The case's history in order. */
  eventsOf(caseId: string, m: EntityManager = this.dataSource.manager): Promise<CaseEventRow[]> {
    return m.query(
      `SELECT seq, type, actor_type AS "actorType", actor_id AS "actorId", actor_role AS "actorRole", from_state AS "fromState",
              to_state AS "toState", payload, occurred_at AS "occurredAt"
         FROM case_events WHERE case_id = $1 ORDER BY seq`,
      [caseId],
    );
  }

  // ---- text search (src/cases/case-search.ts decides which of the two runs) ----

  /** Among the newest `scan` cases matching `where`, the newest `n` whose text matches `pattern` with `op`. */
  searchRecent<Row>(where: Where, op: 'LIKE' | 'ILIKE', pattern: string, n: number, scan: number, withForwarded: boolean): Promise<Row[]> {
    const w = where.copy();
    return this.dataSource.query(
      `SELECT ${columnsFor(withForwarded)} FROM (SELECT * FROM cases c ${w.sql()} ORDER BY ${NEWEST_FIRST.orderBy} LIMIT ${w.param(scan)}) c
        WHERE (c.title || ' ' || c.description) ${op} ${w.param(pattern)} ORDER BY ${NEWEST_FIRST.orderBy} LIMIT ${w.param(n)}`,
      w.params,
    );
  }

  /** The newest `n` cases matching `where` whose text matches `pattern`, found through the bigram index of `term`. */
  async searchIndexed<Row>(where: Where, op: 'LIKE' | 'ILIKE', pattern: string, term: string, n: number, withForwarded: boolean): Promise<Row[]> {
    const w = where.copy();
    w.addRaw(`c.id IN (${CANDIDATES(w.param(term))})`).add(`(c.title || ' ' || c.description) ${op} ?`, pattern);
    // MATERIALIZED: every match first (few), then the order; never a walk down received_at testing each row.
    const rows: (Row & { _at?: unknown })[] = await this.dataSource.query(
      `WITH matches AS MATERIALIZED (
         SELECT ${columnsFor(withForwarded)}, c.received_at AS "_at" FROM cases c ${w.sql()})
       SELECT * FROM matches ORDER BY "_at" DESC, id DESC LIMIT ${w.param(n)}`,
      w.params,
    );
    return rows.map(({ _at, ...r }) => r as Row);
  }

  /** The indexed bigrams' element statistics (pg_stats) and the estimated number of indexed cases. */
  async bigramStatistics(): Promise<{ elems: string[] | null; freqs: number[] | null; rows: number } | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT s.most_common_elems::text::text[] AS elems, s.most_common_elem_freqs AS freqs, greatest(t.reltuples, 0)::float8 AS rows
         FROM pg_stats s, pg_class t
        WHERE s.schemaname = current_schema() AND s.tablename = 'case_search_text' AND s.attname = 'bigrams'
          AND t.oid = 'case_search_text'::regclass`,
    );
    return row;
  }

  /**
   * Takes up to `batch` queued ids (skipping those another instance holds), and writes each existing case's distinct
   * bigrams; ids whose case is gone are just dropped from the queue. The number of ids taken.
   */
  async indexQueuedBatch(batch: number): Promise<number> {
    const [row] = (await this.dataSource.query(
      `WITH batch AS (
         DELETE FROM case_search_pending p
          WHERE p.case_id IN (SELECT case_id FROM case_search_pending LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING p.case_id
       ), indexed AS (
         INSERT INTO case_search_text (case_id, bigrams)
         SELECT c.id, ARRAY(SELECT DISTINCT unnest(case_text_bigrams(c.title || ' ' || c.description)))
           FROM cases c JOIN batch b ON b.case_id = c.id
         ON CONFLICT (case_id) DO UPDATE SET bigrams = EXCLUDED.bigrams
       )
       SELECT count(*)::int AS taken FROM batch`,
      [batch],
    )) as { taken: number }[];
    return row.taken;
  }

  // ---- complaint taxonomy ----

  categories(activeOnly: boolean): Promise<ComplaintCategory[]> {
    return this.dataSource.getRepository(ComplaintCategory).find({ where: activeOnly ? { active: true } : {}, order: { sortOrder: 'ASC', code: 'ASC' } });
  }

  async activeCategoryCodes(m: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { code: string }[] = await m.query('SELECT code FROM complaint_categories WHERE active');
    return rows.map((r) => r.code);
  }

  /** Labels of these category codes. */
  async categoryLabels(codes: string[], m: EntityManager = this.dataSource.manager): Promise<Map<string, { zh: string; en: string }>> {
    if (codes.length === 0) return new Map();
    const rows: { code: string; zh: string; en: string }[] = await m.query(
      'SELECT code, label_zh AS zh, label_en AS en FROM complaint_categories WHERE code = ANY($1)',
      [[...new Set(codes)]],
    );
    return new Map(rows.map((r) => [r.code, { zh: r.zh, en: r.en }]));
  }

  /** A category entity made of these fields (not yet written). */
  newCategory(fields: Partial<ComplaintCategory>): ComplaintCategory {
    return this.dataSource.getRepository(ComplaintCategory).create(fields);
  }

  async insertCategory(m: EntityManager, row: ComplaintCategory): Promise<void> {
    await m.getRepository(ComplaintCategory).insert(row);
  }

  lockCategory(m: EntityManager, code: string): Promise<ComplaintCategory | null> {
    return m.getRepository(ComplaintCategory).findOne({ where: { code }, lock: { mode: 'pessimistic_write' } });
  }

  async saveCategory(m: EntityManager, row: ComplaintCategory): Promise<void> {
    await m.getRepository(ComplaintCategory).save(row);
  }

  // ---- facts for complaints ----

  /** The partner's live or test case with this external id (cases_partner_external_id_key: unique per partner and mode). */
  async byExternalId(m: EntityManager, partnerId: string, test: boolean, externalId: string): Promise<{ id: string; reference: string } | undefined> {
    const rows = await m.query('SELECT id, reference FROM cases WHERE partner_id = $1 AND external_id = $2 AND test = $3', [partnerId, externalId, test]);
    return rows[0];
  }

  /**
   * The partner's own case by reference (upper case), for its status route: a live key reads only live cases, a test-mode
   * key only test cases (its sandbox and its live integration never see each other's).
   */
  async statusForPartner(partnerId: string, test: boolean, reference: string): Promise<CaseStatusRow | undefined> {
    const rows: CaseStatusRow[] = await this.dataSource.query(
      `SELECT id, reference, external_id AS "externalId", state, phase, received_at AS "receivedAt", updated_at AS "updatedAt"
         FROM cases WHERE reference = $1 AND partner_id = $2 AND test = $3`,
      [reference, partnerId, test],
    );
    return rows[0];
  }

  /** The case whose receipt code has this hash. */
  async statusByReceiptHash(hash: string): Promise<CaseStatusRow | undefined> {
    const rows: CaseStatusRow[] = await this.dataSource.query(
      `SELECT id, reference, external_id AS "externalId", state, phase, received_at AS "receivedAt", updated_at AS "updatedAt"
         FROM cases WHERE receipt_hash = $1`,
      [hash],
    );
    return rows[0];
  }

  /** The decision, the respondent's answer and the follow-up question from the context; where it was merged; the open confirmation deadline. */
  async complainantFacts(caseId: string): Promise<ComplainantFacts | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT c.snapshot -> 'context' -> 'followUp' AS "followUp", c.snapshot -> 'context' -> 'response' AS response,
              c.snapshot -> 'context' -> 'finding' AS finding, t.reference AS "mergedIntoReference",
              (SELECT min(d.due_at) FROM case_deadlines d WHERE d.case_id = c.id AND d.kind = 'confirmation' AND d.settled_at IS NULL) AS "confirmBy"
         FROM cases c LEFT JOIN cases t ON t.id = c.merged_into_id
        WHERE c.id = $1`,
      [caseId],
    );
    return row;
  }

  /** The case's history as the complainant's timeline needs it. */
  timelineOf(caseId: string): Promise<{ type: string; fromState: string | null; toState: string; occurredAt: Date }[]> {
    return this.dataSource.query(
      `SELECT type, from_state AS "fromState", to_state AS "toState", occurred_at AS "occurredAt"
         FROM case_events WHERE case_id = $1 ORDER BY seq`,
      [caseId],
    );
  }

  /** The id of the partner's live or test case with this reference (upper case). */
  async idOfPartnerCase(partnerId: string, test: boolean, reference: string): Promise<string | undefined> {
    const rows = await this.dataSource.query('SELECT id FROM cases WHERE reference = $1 AND partner_id = $2 AND test = $3', [reference, partnerId, test]);
    return rows[0]?.id;
  }

  /** Whether a live case has this id (staff routes: a test case is as unknown as a made-up id). */
  async exists(id: string): Promise<boolean> {
    const rows = await this.dataSource.query('SELECT 1 FROM cases WHERE id = $1 AND NOT test', [id]);
    return rows.length > 0;
  }

  /** Whether the member is the live case's respondent (a respondent never sees a test case). */
  async isRespondent(caseId: string, memberId: string | null): Promise<boolean> {
    const rows = await this.dataSource.query('SELECT 1 FROM cases WHERE id = $1 AND respondent_member_id = $2 AND NOT test', [caseId, memberId]);
    return rows.length > 0;
  }

  /**
   * What sharing evidence depends on: whether the complainant works for the respondent, and who the respondent is.
   * Undefined for a test case too: staff and respondents reach no test case's evidence.
   */
  async sharingFacts(caseId: string, m: EntityManager = this.dataSource.manager): Promise<{ employee: boolean; respondentMemberId: string | null } | undefined> {
    const rows = await m.query(
      'SELECT is_employee_of_respondent AS employee, respondent_member_id AS "respondentMemberId" FROM cases WHERE id = $1 AND NOT test',
      [caseId],
    );
    return rows[0];
  }

  // ---- facts for publications ----

  /** What a disclosure of the live case is made of (a test case is never published, nor previewed: undefined). */
  async publicationFacts(caseId: string, m: EntityManager = this.dataSource.manager): Promise<PublicationFacts | undefined> {
    const rows = await m.query(
      `SELECT c.id, c.respondent_member_id AS "respondentMemberId", c.respondent_name AS "respondentName", c.category,
              cc.label_zh AS "categoryZh", cc.label_en AS "categoryEn", c.snapshot -> 'context' AS context
         FROM cases c JOIN complaint_categories cc ON cc.code = c.category
        WHERE c.id = $1 AND NOT c.test`,
      [caseId],
    );
    return rows[0];
  }

  // ---- facts for referrals ----

  /** The sequence number of the case's latest history entry. */
  async lastEventSeq(m: EntityManager, caseId: string): Promise<number | null> {
    const [{ seq }] = await m.query('SELECT max(seq) AS seq FROM case_events WHERE case_id = $1', [caseId]);
    return seq;
  }

  /** Case id → reference. */
  async referencesOf(ids: string[], m: EntityManager = this.dataSource.manager): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; reference: string }[] = await m.query('SELECT id, reference FROM cases WHERE id = ANY($1)', [[...new Set(ids)]]);
    return new Map(rows.map((r) => [r.id, r.reference]));
  }

  async packetCase(m: EntityManager, caseId: string): Promise<PacketCaseRow | undefined> {
    const [c] = await m.query(
      `SELECT c.id, c.reference, c.channel, c.category, cc.label_zh AS "categoryZh", cc.label_en AS "categoryEn", c.title, c.description,
              c.occurred_at AS "occurredAt", c.received_at AS "receivedAt", c.urls, c.cited_articles AS "citedArticles",
              c.respondent_member_id AS "respondentMemberId", c.respondent_name AS "respondentName", c.respondent_url AS "respondentUrl",
              c.respondent_match AS "respondentMatch", c.complainant_anonymous AS "anonymous", c.complainant_contact_enc AS "contactEnc",
              c.complainant_key_id AS "contactKeyId", c.is_employee_of_respondent AS "isEmployeeOfRespondent"
         FROM cases c JOIN complaint_categories cc ON cc.code = c.category WHERE c.id = $1`,
      [caseId],
    );
    return c;
  }

  // ---- the partner sandbox ----

  /** The oldest test cases received before `before`, at most `n` (cases_test_received_idx): what the sandbox purge deletes. */
  async testCasesReceivedBefore(before: Date, n: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      'SELECT id FROM cases WHERE test AND received_at < $1 ORDER BY received_at, id LIMIT $2',
      [before, n],
    );
    return rows.map((r) => r.id);
  }

  /** How many cases came from the demo seed (their external ids start with DEMO-). */
  async demoCaseCount(m: EntityManager = this.dataSource.manager): Promise<number> {
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM cases WHERE external_id LIKE 'DEMO-%'`);
    return n;
  }

  /** How many cases are in each state (with its phase, "state.phase"), for the demo seed's summary. */
  countByState(m: EntityManager = this.dataSource.manager): Promise<{ k: string; n: number }[]> {
    return m.query(`SELECT state || coalesce('.' || phase, '') AS k, count(*)::int AS n FROM cases GROUP BY 1 ORDER BY 1`);
  }

  // ---- mail ----

  /**
   * What a message about a case may say (the mail context's read): reference, category labels, the open deadlines by
   * kind, and whether it is a test complaint. Never the complaint's text or the complainant.
   */
  async mailFacts(m: EntityManager, caseId: string): Promise<CaseMailFacts | null> {
    const rows = await m.query(
      `SELECT c.reference, c.test, cc.label_zh AS "categoryZh", cc.label_en AS "categoryEn",
              coalesce((SELECT jsonb_object_agg(d.kind, d.due_at) FROM case_deadlines d WHERE d.case_id = c.id AND d.settled_at IS NULL), '{}') AS "openDeadlines"
         FROM cases c JOIN complaint_categories cc ON cc.code = c.category WHERE c.id = $1`,
      [caseId],
    );
    return rows[0] ?? null;
  }
}
