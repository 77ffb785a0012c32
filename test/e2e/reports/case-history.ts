import { randomBytes, randomUUID } from 'node:crypto';
import type { TestApp } from '../../support/app.js';

/** One history entry after RECEIVED: the event, when (ISO with offset), the state and phase it leads to. */
export interface Step {
  type: string;
  at: string;
  to: string;
  phase?: string | null;
  payload?: Record<string, unknown>;
}

export interface KnownCase {
  channel: 'partner' | 'web' | 'phone' | 'letter' | 'email' | 'visit';
  category: string;
  /** The respondent now (cases.respondent_member_id). */
  respondent: string | null;
  /** The respondent matched at intake, when triage changed it (default: `respondent`). */
  intakeRespondent?: string | null;
  partnerId?: string | null;
  receivedAt: string;
  steps?: Step[];
}

/**
 * Writes a case and its history directly (report tests need chosen timestamps), the way the one door would have:
 * a RECEIVED entry, then each step with from/to states, the phase in the payload, and the case row left in the state
 * of its last entry.
 */
export async function insertHistory(t: TestApp, c: KnownCase): Promise<string> {
  const id = randomUUID();
  const steps = c.steps ?? [];
  const last = steps[steps.length - 1];
  const overdue = steps.some((s) => s.type === 'DEADLINE_ELAPSED' && ['triage', 'response', 'resolution'].includes(String(s.payload?.deadline)));
  await t.sql.query(
    `INSERT INTO cases (id, reference, channel, partner_id, respondent_member_id, respondent_name, respondent_match, category, title, description,
       occurred_at, complainant_anonymous, receipt_hash, state, phase, snapshot, machine_version, version, overdue, received_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, '某某网络科技有限公司', '{"method":"member_id"}', $6, '测试投诉', '测试投诉内容', $7, true, $8, $9, $10, '{}', 1, $11, $12, $7, $13)`,
    [
      id, `TS-T-${randomBytes(5).toString('hex')}`, c.channel, c.partnerId ?? null, c.respondent, c.category, c.receivedAt,
      randomBytes(16).toString('hex'), last?.to ?? 'received', last ? (last.phase ?? null) : null, steps.length + 1, overdue, last?.at ?? c.receivedAt,
    ],
  );
  const intake = c.intakeRespondent === undefined ? c.respondent : c.intakeRespondent;
  await t.sql.query(
    `INSERT INTO case_events (case_id, seq, type, actor_type, actor_role, from_state, to_state, payload, occurred_at)
     VALUES ($1, 1, 'RECEIVED', 'complainant', 'complainant', NULL, 'received', $2, $3)`,
    [id, JSON.stringify({ channel: c.channel, respondentMemberId: intake }), c.receivedAt],
  );
  let from = 'received';
  let fromPhase: string | null = null;
  for (const [i, s] of steps.entries()) {
    const payload = { ...(s.payload ?? {}), ...(s.phase ? { phase: s.phase } : {}), fromPhase, effects: [] };
    await t.sql.query(
      `INSERT INTO case_events (case_id, seq, type, actor_type, actor_role, from_state, to_state, payload, occurred_at)
       VALUES ($1, $2, $3, 'user', 'secretariat', $4, $5, $6, $7)`,
      [id, i + 2, s.type, from, s.to, JSON.stringify(payload), s.at],
    );
    from = s.to;
    fromPhase = s.phase ?? null;
  }
  return id;
}

/** Appends one more entry to a case written by insertHistory (and moves the case row along). */
export async function appendStep(t: TestApp, caseId: string, s: Step): Promise<void> {
  const { rows } = await t.sql.query(`SELECT seq, to_state, payload->>'phase' AS phase FROM case_events WHERE case_id = $1 ORDER BY seq DESC LIMIT 1`, [caseId]);
  const prev = rows[0];
  const payload = { ...(s.payload ?? {}), ...(s.phase ? { phase: s.phase } : {}), fromPhase: prev.phase, effects: [] };
  await t.sql.query(
    `INSERT INTO case_events (case_id, seq, type, actor_type, actor_role, from_state, to_state, payload, occurred_at)
     VALUES ($1, $2, $3, 'user', 'secretariat', $4, $5, $6, $7)`,
    [caseId, prev.seq + 1, s.type, prev.to_state, s.to, JSON.stringify(payload), s.at],
  );
  await t.sql.query(`UPDATE cases SET state = $2, phase = $3, updated_at = $4, version = version + 1 WHERE id = $1`, [caseId, s.to, s.phase ?? null, s.at]);
}

export async function insertPartner(t: TestApp, name: string): Promise<string> {
  const { rows } = await t.sql.query(`INSERT INTO partners (name) VALUES ($1) RETURNING id`, [name]);
  return rows[0].id;
}
