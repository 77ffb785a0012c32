import { createHash } from 'node:crypto';
import type { TestApp } from '../../support/app.js';

/**
 * Writes pact history directly, with chosen dates (the services stamp everything with the clock's "now"), exactly as
 * ConventionsService.publish, SignaturesService.sign / withdraw and SelfInspectionsService.submit / review would
 * have on those days. Call the functions in chronological order, as the events happened.
 */

const RENEWAL_DAYS = 90;
const hash = (s: string) => createHash('sha256').update(s).digest('hex');
const at = (day: string) => `${day}T10:00:00+08:00`;
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const max = (a: string, b: string) => (a > b ? a : b);
const min = (a: string, b: string) => (a < b ? a : b);

export interface KnownConvention {
  id: string;
  code: string;
  /** Version number → id and effective date. */
  versions: Map<number, { id: string; effectiveDate: string }>;
}

/** A convention with no version yet, and its self-inspection schedule. */
export async function createConvention(
  t: TestApp,
  code: string,
  schedule: { frequency: 'none' | 'yearly' | 'half_yearly' | 'quarterly'; dueMonths?: number },
): Promise<KnownConvention> {
  const { rows } = await t.sql.query(
    `INSERT INTO conventions (code, title_zh, issuing_body, inspection_frequency, inspection_due_months) VALUES ($1, $2, '某市互联网协会', $3, $4) RETURNING id`,
    [code, `${code} 自律公约`, schedule.frequency, schedule.dueMonths ?? 3],
  );
  return { id: rows[0].id, code, versions: new Map() };
}

/** A draft version with three articles (drafts never count). */
export async function openDraft(t: TestApp, c: KnownConvention, version: number): Promise<void> {
  const { rows } = await t.sql.query(`INSERT INTO convention_versions (convention_id, version, status) VALUES ($1, $2, 'draft') RETURNING id`, [c.id, version]);
  await insertArticles(t, rows[0].id);
}

/**
 * Publishes the next version on `on` with its effective date: the version in force becomes superseded and its active
 * signatures wait for renewal until the later of `on` and the effective date, plus 90 days.
 */
export async function publish(t: TestApp, c: KnownConvention, version: number, o: { on: string; effectiveDate: string }): Promise<void> {
  const { rows: current } = await t.sql.query(`SELECT id FROM convention_versions WHERE convention_id = $1 AND status = 'published'`, [c.id]);
  if (current.length) {
    await t.sql.query(`UPDATE convention_versions SET status = 'superseded', superseded_at = $2 WHERE id = $1`, [current[0].id, at(o.on)]);
    await t.sql.query(`UPDATE signatures SET status = 'renewal_pending', renewal_due_on = $2 WHERE version_id = $1 AND status = 'active'`, [
      current[0].id,
      addDays(max(o.on, o.effectiveDate), RENEWAL_DAYS),
    ]);
  }
  const { rows } = await t.sql.query(
    `INSERT INTO convention_versions (convention_id, version, status, effective_date, text_hash, published_at, created_at)
     VALUES ($1, $2, 'published', $3, $4, $5, $5) RETURNING id`,
    [c.id, version, o.effectiveDate, hash(`${c.code}/${version}`), at(o.on)],
  );
  await insertArticles(t, rows[0].id);
  c.versions.set(version, { id: rows[0].id, effectiveDate: o.effectiveDate });
}

async function insertArticles(t: TestApp, versionId: string): Promise<void> {
  for (const n of [1, 2, 3]) {
    await t.sql.query(`INSERT INTO convention_articles (version_id, number, title, body) VALUES ($1, $2, $3, $4)`, [versionId, n, `第${n}条`, `会员单位应当遵守第${n}条。`]);
  }
}

interface SignatureNow {
  id: string;
  validFrom: string;
  bindingEnd: string | null;
}

async function currentSignature(t: TestApp, memberId: string, conventionId: string): Promise<SignatureNow | null> {
  const { rows } = await t.sql.query(
    `SELECT id, valid_from::text AS "validFrom", LEAST(ended_on, renewal_due_on + 1)::text AS "bindingEnd"
       FROM signatures WHERE member_id = $1 AND convention_id = $2 AND status IN ('active', 'renewal_pending')`,
    [memberId, conventionId],
  );
  return rows[0] ?? null;
}

/**
 * A paper signature of the published version on `on` (recorded that day): it binds from the later of `on` and the
 * version's effective date. If the member has a current signature of an older version, this renews it: the old one
 * ends the day the new one starts binding (never after its own binding end) and points at the new one.
 */
export async function sign(t: TestApp, memberId: string, c: KnownConvention, version: number, on: string): Promise<string> {
  const v = c.versions.get(version)!;
  const validFrom = max(on, v.effectiveDate);
  const current = await currentSignature(t, memberId, c.id);
  if (current) {
    const endedOn = max(current.validFrom, current.bindingEnd ? min(validFrom, current.bindingEnd) : validFrom);
    await t.sql.query(`UPDATE signatures SET status = 'renewed', ended_on = $2 WHERE id = $1`, [current.id, endedOn]);
  }
  const { rows } = await t.sql.query(
    `INSERT INTO signatures (member_id, convention_id, version_id, status, method, signatory_name, signatory_title, signed_at, text_hash, valid_from,
       document_sha256, document_file_name, document_content_type, document_size, created_at)
     VALUES ($1, $2, $3, 'active', 'paper', '王强', '董事长', $4, $5, $6, $7, 'signing.pdf', 'application/pdf', 100, $4) RETURNING id`,
    [memberId, c.id, v.id, at(on), hash(`${c.code}/${version}`), validFrom, hash(`${memberId}/${c.code}/${version}`)],
  );
  if (current) await t.sql.query(`UPDATE signatures SET renewed_by = $2 WHERE id = $1`, [current.id, rows[0].id]);
  return rows[0].id;
}

/** Withdraws the member's current signature on `on`: it stops binding that day (or at its binding end, if earlier). */
export async function withdraw(t: TestApp, memberId: string, c: KnownConvention, on: string): Promise<void> {
  const s = (await currentSignature(t, memberId, c.id))!;
  const endedOn = max(s.validFrom, s.bindingEnd ? min(on, s.bindingEnd) : on);
  await t.sql.query(`UPDATE signatures SET status = 'withdrawn', ended_on = $2, withdrawn_at = $3, withdrawal_reason = '退出公约' WHERE id = $1`, [s.id, endedOn, at(on)]);
}

/** One submission of a report and, if it was reviewed, the decision and the day. */
export interface Submission {
  on: string;
  review?: { decision: 'accept' | 'return'; on: string };
}

/**
 * A self-inspection report for a period, with its due date and every revision (the first submission creates it; a
 * returned one is submitted again as the next revision). The report row is left as the last revision left it.
 */
export async function fileReport(
  t: TestApp,
  memberId: string,
  c: KnownConvention,
  o: { period: string; dueOn: string; version: number; submissions: Submission[] },
): Promise<string> {
  const versionId = c.versions.get(o.version)!.id;
  const first = o.submissions[0];
  const last = o.submissions[o.submissions.length - 1];
  const status = last.review ? (last.review.decision === 'accept' ? 'accepted' : 'returned') : 'submitted';
  const { rows } = await t.sql.query(
    `INSERT INTO self_inspections (member_id, convention_id, version_id, period, due_on, status, revision, first_submitted_at, submitted_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8) RETURNING id`,
    [memberId, c.id, versionId, o.period, o.dueOn, status, o.submissions.length, at(first.on), at(last.on)],
  );
  for (const [i, s] of o.submissions.entries()) {
    await t.sql.query(
      `INSERT INTO self_inspection_revisions (report_id, revision, version_id, summary, items, submitted_at, decision, comments, reviewed_at)
       VALUES ($1, $2, $3, '自查情况良好', $4, $5, $6, $7, $8)`,
      [
        rows[0].id, i + 1, versionId, JSON.stringify([{ articleNumber: 1, findings: '无问题', correctiveActions: '无' }]), at(s.on),
        s.review?.decision ?? null, s.review?.decision === 'return' ? '请补充材料' : null, s.review ? at(s.review.on) : null,
      ],
    );
  }
  return rows[0].id;
}
