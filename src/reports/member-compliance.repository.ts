import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { addDays, startOfDay } from './report-period.js';

/**
 * A member's pact signatures and self-inspection reports as they stood at the end of the last day of a year,
 * computed from dated history (docs/evaluation-methodology.md, "Pact signatures and self-inspections", defines each
 * figure). `available: false` (figures null, never zero, never estimated) only where the figures do not exist: a
 * year finalised under eval-2026.1, or a member that joined after the year.
 */
export interface MemberCompliance {
  pacts: {
    available: boolean;
    note: string | null;
    /** Conventions with a version in force on the last day (the same for every member). */
    conventionsInForce: number | null;
    /** Conventions the member was party to in the year: current + renewalsPending + withdrawn. */
    conventionsApplicable: number | null;
    /** Conventions whose version in force on the last day the member was bound by on that day. */
    currentVersionsSigned: number | null;
    /** Signatures of an older version still awaiting renewal on the last day (within the deadline or past it). */
    renewalsPending: number | null;
    /** Of renewalsPending, those whose deadline had passed (the signature no longer bound). */
    renewalsOverdue: number | null;
    /** Conventions the member withdrew from during the year and had not signed again by its last day. */
    withdrawn: number | null;
  };
  selfInspections: {
    available: boolean;
    note: string | null;
    /** Reports due in the year (due date from 1 January to the last day) that the member was expected to file. */
    due: number | null;
    /** Of those, on file at the end of the last day (submitted or accepted then; not returned). */
    filed: number | null;
    /** Of those on file, first submitted on or before the due date. */
    filedOnTime: number | null;
    /** due − filedOnTime: filed late, or not on file at the end of the year. */
    overdue: number | null;
  };
}

const notAvailable = (note: string): MemberCompliance => ({
  pacts: { available: false, note, conventionsInForce: null, conventionsApplicable: null, currentVersionsSigned: null, renewalsPending: null, renewalsOverdue: null, withdrawn: null },
  selfInspections: { available: false, note, due: null, filed: null, filedOnTime: null, overdue: null },
});

/** The line of a member that joined after the year: it was not evaluated, so nothing is reported for it. */
export const COMPLIANCE_NOT_EVALUATED: MemberCompliance = notAvailable('Not evaluated: the member joined after the year.');

interface PactRow {
  memberId: string;
  inForce: number;
  current: number;
  pending: number;
  overdue: number;
  withdrawn: number;
}

interface InspectionRow {
  memberId: string;
  due: number;
  filed: number;
  onTime: number;
}

/**
 * The one source of the evaluation's pact inputs and self-inspection inputs, kept apart from the case figures. Two
 * named, set-based queries (one round trip each, for every member at once) on the signatures and self-inspection
 * tables. Everything is read as of the end of the last day from dated columns (validity intervals, withdrawal and
 * submission instants, review instants of each revision), never from today's status columns, so a past year gives
 * the same figures tomorrow; only a later correction of the past (a paper signature recorded with an earlier
 * ceremony date, a version published with an earlier effective date, a changed self-inspection schedule) changes a
 * year that is not finalised.
 */
@Injectable()
export class MemberComplianceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Per member, as of the end of `lastDay` (the last day of the evaluated calendar year, Asia/Shanghai). */
  async statusAsOf(memberIds: string[], lastDay: string): Promise<Map<string, MemberCompliance>> {
    const firstDay = `${lastDay.slice(0, 4)}-01-01`;
    const [pacts, inspections] = await Promise.all([this.pactStatusAsOf(memberIds, firstDay, lastDay), this.selfInspectionsDueIn(memberIds, firstDay, lastDay)]);
    const byMember = new Map(inspections.map((r) => [r.memberId, r]));
    return new Map(
      pacts.map((p) => {
        const s = byMember.get(p.memberId);
        const due = s?.due ?? 0;
        const onTime = s?.onTime ?? 0;
        return [
          p.memberId,
          {
            pacts: {
              available: true, note: null, conventionsInForce: p.inForce, conventionsApplicable: p.current + p.pending + p.withdrawn,
              currentVersionsSigned: p.current, renewalsPending: p.pending, renewalsOverdue: p.overdue, withdrawn: p.withdrawn,
            },
            selfInspections: { available: true, note: null, due, filed: s?.filed ?? 0, filedOnTime: onTime, overdue: due - onTime },
          },
        ];
      }),
    );
  }

  /**
   * One row per member: for each convention, the member's latest signature that had started binding by the last day
   * (latest valid_from; a renewal signed after that day is not yet the latest), classified as of the end of that day:
   * - withdrawn: withdrawn_at before the end (counted only if within the year; earlier, the member had left the pact);
   * - lapsed (renewal overdue): not bound on the day — the binding end least(ended_on, renewal_due_on + 1) had come;
   *   with withdrawals excluded, only a passed renewal deadline ends a signature before a renewal that binds;
   * - current: bound on the day by the version in force on it (latest effective date on or before it);
   * - renewing: bound on the day by an older version, its renewal deadline not passed.
   * ended_on of a withdrawal or renewal recorded after the year is always after the last day, so it reads right.
   */
  async pactStatusAsOf(memberIds: string[], firstDay: string, lastDay: string): Promise<PactRow[]> {
    return this.dataSource.query(
      `WITH in_force AS (
         SELECT DISTINCT ON (v.convention_id) v.convention_id, v.id AS version_id
           FROM convention_versions v
          WHERE v.status <> 'draft' AND v.effective_date <= $2::date
          ORDER BY v.convention_id, v.effective_date DESC, v.version DESC
       ), latest AS (
         SELECT DISTINCT ON (s.member_id, s.convention_id) s.member_id, s.convention_id, s.version_id, s.withdrawn_at,
                COALESCE(LEAST(s.ended_on, s.renewal_due_on + 1), 'infinity'::date) AS binding_end
           FROM signatures s
          WHERE s.member_id = ANY($1::uuid[]) AND s.valid_from <= $2::date
          ORDER BY s.member_id, s.convention_id, s.valid_from DESC, s.created_at DESC
       ), state AS (
         SELECT l.member_id,
                CASE WHEN l.withdrawn_at < $4 THEN CASE WHEN l.withdrawn_at >= $3 THEN 'withdrawn' END
                     WHEN l.binding_end <= $2::date THEN 'lapsed'
                     WHEN l.version_id = f.version_id THEN 'current'
                     ELSE 'renewing' END AS state
           FROM latest l JOIN in_force f ON f.convention_id = l.convention_id
       )
       SELECT m.id AS "memberId", (SELECT count(*) FROM in_force)::int AS "inForce",
              count(*) FILTER (WHERE s.state = 'current')::int AS current,
              count(*) FILTER (WHERE s.state IN ('renewing', 'lapsed'))::int AS pending,
              count(*) FILTER (WHERE s.state = 'lapsed')::int AS overdue,
              count(*) FILTER (WHERE s.state = 'withdrawn')::int AS withdrawn
         FROM unnest($1::uuid[]) AS m(id) LEFT JOIN state s ON s.member_id = m.id
        GROUP BY m.id`,
      [memberIds, lastDay, startOfDay(firstDay), startOfDay(addDays(lastDay, 1))],
    );
  }

  /**
   * Per member with any report due in the year: the expected reports — each period (of each convention's current
   * schedule) whose due date falls from `firstDay` to `lastDay`, for every member a signature bound on the period's
   * last day (the rule of the overdue listing), plus any report filed for such a period anyway — and, as of the end of
   * `lastDay`, how many were on file (the latest revision submitted by then was not returned by then) and how many of
   * those were first submitted on or before the due date (Asia/Shanghai). A filed report's own due date counts.
   */
  async selfInspectionsDueIn(memberIds: string[], firstDay: string, lastDay: string): Promise<InspectionRow[]> {
    return this.dataSource.query(
      `WITH schedule AS (
         SELECT c.id AS convention_id, c.inspection_due_months AS due_months,
                CASE c.inspection_frequency WHEN 'yearly' THEN 12 WHEN 'half_yearly' THEN 6 ELSE 3 END AS months
           FROM conventions c WHERE c.inspection_frequency <> 'none'
       ), period AS (
         SELECT s.convention_id,
                to_char(g, 'YYYY') || CASE s.months WHEN 12 THEN '' WHEN 6 THEN '-H' ELSE '-Q' END
                  || CASE WHEN s.months = 12 THEN '' ELSE ((extract(month FROM g)::int - 1) / s.months + 1)::text END AS period,
                (g + make_interval(months => s.months) - interval '1 day')::date AS period_end,
                (g + make_interval(months => s.months + s.due_months) - interval '1 day')::date AS due_on
           FROM schedule s, generate_series(($2::date - interval '2 years')::timestamp, $3::date::timestamp, make_interval(months => s.months)) AS g
       ), expected AS (
         SELECT DISTINCT s.member_id, p.convention_id, p.period, p.due_on
           FROM period p JOIN signatures s ON s.convention_id = p.convention_id AND s.valid_from <= p.period_end
            AND p.period_end < COALESCE(LEAST(s.ended_on, s.renewal_due_on + 1), 'infinity'::date)
          WHERE p.due_on BETWEEN $2::date AND $3::date AND s.member_id = ANY($1::uuid[])
       ), report AS (
         SELECT r.member_id, r.convention_id, r.period, r.due_on, r.first_submitted_at,
                NOT COALESCE(x.decision = 'return' AND x.reviewed_at < $4, false) AS on_file
           FROM self_inspections r
           CROSS JOIN LATERAL (
             SELECT x.decision, x.reviewed_at FROM self_inspection_revisions x
              WHERE x.report_id = r.id AND x.submitted_at < $4 ORDER BY x.revision DESC LIMIT 1) x
          WHERE r.member_id = ANY($1::uuid[]) AND r.first_submitted_at < $4
       ), due AS (
         SELECT COALESCE(e.member_id, r.member_id) AS member_id, COALESCE(r.due_on, e.due_on) AS due_on,
                r.first_submitted_at, COALESCE(r.on_file, false) AS on_file
           FROM expected e FULL JOIN report r ON r.member_id = e.member_id AND r.convention_id = e.convention_id AND r.period = e.period
       )
       SELECT member_id AS "memberId", count(*)::int AS due, count(*) FILTER (WHERE on_file)::int AS filed,
              count(*) FILTER (WHERE on_file AND (first_submitted_at AT TIME ZONE INTERVAL '+08:00')::date <= due_on)::int AS "onTime"
         FROM due WHERE due_on BETWEEN $2::date AND $3::date
        GROUP BY member_id`,
      [memberIds, firstDay, lastDay, startOfDay(addDays(lastDay, 1))],
    );
  }
}
