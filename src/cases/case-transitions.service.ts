import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { initialTransition, transition } from 'xstate';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { actorRef, type Actor } from '../auth/principal.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { JobsService } from '../jobs/jobs.service.js';
import type { CaseRecord, Channel, CitedArticle, RespondentMatch } from './case.entity.js';
import { CaseEffectRegistry } from './case-effects.js';
import { flattenState } from './case-state.js';
import { CasesError, CasesErrorCode } from './cases.errors.js';
import { dueAt, reminderTimes, settingsFor, type DeadlineSettings } from './deadlines/deadline-policy.js';
import { accepts, caseMachine } from './machine/case.machine.js';
import { denyReason, eventsForRole } from './machine/case.permissions.js';
import { MACHINE_VERSION, type CaseActor, type CaseContext, type CaseEvent, type CaseEventType, type DeadlineKind } from './machine/case.types.js';

export const DEADLINE_JOB = 'case-deadline';
export const REMINDER_JOB = 'case-reminder';
export const CALLBACK_JOB = 'partner-callback';

export interface NewCase {
  channel: Channel;
  partnerId: string | null;
  externalId: string | null;
  respondentMemberId: string | null;
  respondentName: string;
  respondentUrl: string | null;
  respondentMatch: RespondentMatch;
  category: string;
  title: string;
  description: string;
  occurredAt: Date;
  urls: string[];
  citedArticles: CitedArticle[];
  complainantAnonymous: boolean;
  complainantContactEnc: Buffer | null;
  complainantKeyId: string | null;
  isEmployeeOfRespondent: boolean;
  receiptHash: string;
}

export interface ApplyOptions {
  /** If-Match: the version the client saw; a different current version answers 412. */
  expectedVersion?: number;
  /** Who acts when there is no principal: the complainant (receipt checked by the caller) or the system. */
  as?: 'complainant' | 'system';
  /** The deadline row a DEADLINE_ELAPSED comes from, settled in the same transaction. */
  deadlineId?: string;
}

export interface AppliedTransition {
  caseId: string;
  reference: string;
  type: CaseEventType;
  fromState: string;
  toState: string;
  phase: string | null;
  version: number;
  seq: number;
}

interface LockedCase {
  id: string;
  reference: string;
  state: string;
  phase: string | null;
  snapshot: { value: unknown; context: CaseContext };
  version: number;
  respondentMemberId: string | null;
  partnerId: string | null;
  externalId: string | null;
  category: string;
  deadlines: Partial<DeadlineSettings>;
}

const SHANGHAI_YEAR = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' });

/** The initial snapshot is the same for every case but its respondent: computed once, then copied. */
const INITIAL = (() => {
  const [snapshot, actions] = initialTransition(caseMachine, { respondentMemberId: null });
  return { snapshot, actions, persisted: caseMachine.getPersistedSnapshot(snapshot) as unknown as { context: CaseContext } };
})();

function initialSnapshot(respondentMemberId: string | null) {
  const persisted = { ...INITIAL.persisted, context: { ...INITIAL.persisted.context, respondentMemberId } };
  const snapshot = { value: INITIAL.snapshot.value, context: persisted.context };
  return { snapshot, persisted: JSON.stringify(persisted), actions: INITIAL.actions };
}

/** The case's machine actor as the guards see it; null when this principal never acts on cases. */
export function caseActorOf(actor: Actor, as?: 'complainant' | 'system'): CaseActor | null {
  const p = actor.principal;
  if (!p) {
    if (as === 'complainant') return { kind: 'complainant', id: null, role: 'complainant' };
    if (as === 'system') return { kind: 'system', id: null, role: 'system' };
    return null;
  }
  if (p.kind === 'api_key') {
    return p.role === 'law_enforcement' ? { kind: 'liaison', id: p.keyId, role: 'law_enforcement', agencyId: p.agencyId } : null;
  }
  switch (p.role) {
    case 'secretariat':
    case 'supervisor':
      return { kind: 'staff', id: p.id, role: p.role };
    case 'member_rep':
      return { kind: 'member_rep', id: p.id, role: 'member_rep', memberId: p.memberId };
    case 'law_enforcement':
      return { kind: 'liaison', id: p.id, role: 'law_enforcement', agencyId: p.agencyId };
    default:
      return null;
  }
}

/** Payloads that make each event's shape complete, to ask the machine what the caller could send now. */
const PROBES: Partial<Record<CaseEventType, Record<string, unknown>>> = {
  ACCEPT: { respondentMemberId: 'probe' },
  DISMISS: { reason: 'probe' },
  MERGE: { targetCaseId: 'probe' },
  RESPOND: { response: { kind: 'not_concerned' } },
  RECORD_MEDIATION_SESSION: { summary: 'probe' },
  AGREEMENT: { terms: 'probe' },
  MEDIATION_FAILED: { reason: 'probe' },
  RESOLVE: { upheld: true, outcome: 'probe' },
  PROPOSE_PUBLICATION: { summary: 'probe', findings: 'probe' },
  PROPOSE_REFERRAL: { agencyId: 'probe', justification: 'probe', evidenceCount: 0 },
  REJECT_PROPOSAL: { reason: 'probe' },
  RIGHT_OF_REPLY: { reply: 'probe' },
  LE_ACKNOWLEDGE: { referenceNumber: 'probe' },
  LE_CONCLUDE: { outcome: 'probe' },
  RETRACT_REFERRAL: { reason: 'probe' },
  DISPUTE: { reason: 'probe' },
  ADD_INFORMATION: { text: 'probe' },
  ASSIGN: { assigneeId: null },
  ADD_NOTE: { text: 'probe' },
  REOPEN: { reason: 'probe', windowDays: 36500 },
  ACTION_FOLLOW_UP: { happened: true },
};

/**
 * The one door through which a case comes into existence and changes state: HTTP handlers, the
 * deadline scheduler and callbacks all call `apply`, which runs in one transaction with the case row
 * locked: check scope and role, compute the next snapshot with xstate's pure `transition()`, persist
 * it with a new version, append the history entry and the audit entry, and carry out the effects
 * (database effects inside the transaction; jobs queued in it, run after commit).
 */
@Injectable()
export class CaseTransitionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly jobs: JobsService,
    private readonly effects: CaseEffectRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Opens a case in `received` inside the caller's transaction: the row (its reference drawn from the
   * sequence in the same statement), its first history entry, the audit entry and its deadlines.
   */
  async createCase(m: EntityManager, actor: Actor, data: NewCase & { id?: string }): Promise<CaseRecord> {
    const now = this.clock.now();
    const id = data.id ?? randomUUID();
    const { snapshot, persisted, actions } = initialSnapshot(data.respondentMemberId);
    const { state, phase } = flattenState(snapshot.value);
    const ref = actorRef(actor);
    const createdBy = actor.principal?.kind === 'user' ? actor.principal.id : null;
    // One round trip for the reference, the case and its first history entry; that entry keeps the respondent as
    // matched at intake (ACCEPT may change it later), so reports can attribute a case to its respondent as of any date.
    const [{ reference }] = await m.query(
      `WITH c AS (
         INSERT INTO cases (id, reference, channel, partner_id, external_id, respondent_member_id, respondent_name, respondent_url,
           respondent_match, category, title, description, occurred_at, urls, cited_articles, complainant_anonymous,
           complainant_contact_enc, complainant_key_id, is_employee_of_respondent, receipt_hash, state, phase, snapshot,
           machine_version, version, overdue, assignee_id, received_at, updated_at, created_by)
         VALUES ($1, (SELECT 'TS-' || $2 || '-' || lpad(v::text, greatest(6, length(v::text)), '0') FROM nextval('case_reference_seq') v),
           $3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,1,false,NULL,$25,$25,$26)
         RETURNING id, reference)
       INSERT INTO case_events (case_id, seq, type, actor_type, actor_id, actor_role, from_state, to_state, payload, occurred_at)
       SELECT id, 1, 'RECEIVED', $27, $28, $29, NULL, $21, $30, $25 FROM c
       RETURNING (SELECT reference FROM c) AS reference`,
      [
        id, SHANGHAI_YEAR.format(now), data.channel, data.partnerId, data.externalId, data.respondentMemberId, data.respondentName, data.respondentUrl,
        JSON.stringify(data.respondentMatch), data.category, data.title, data.description, data.occurredAt, JSON.stringify(data.urls),
        JSON.stringify(data.citedArticles), data.complainantAnonymous, data.complainantContactEnc, data.complainantKeyId,
        data.isEmployeeOfRespondent, data.receiptHash, state, phase, persisted, MACHINE_VERSION, now, createdBy,
        ref.type, ref.id, actor.principal?.role ?? actor.anonymous ?? 'complainant',
        JSON.stringify({ channel: data.channel, respondentMemberId: data.respondentMemberId }),
      ],
    );
    await this.audit.record(
      m,
      actor,
      {
        action: 'case.create',
        resourceType: 'case',
        resourceId: id,
        payload: { reference, channel: data.channel },
        details: { reference, channel: data.channel, category: data.category },
      },
      { newStream: true },
    );
    const locked: LockedCase = {
      id, reference, state, phase, snapshot: JSON.parse(persisted), version: 1, respondentMemberId: data.respondentMemberId,
      partnerId: data.partnerId, externalId: data.externalId, category: data.category, deadlines: {},
    };
    await this.runDeadlineEffects(m, locked, actions, now, snapshot.context);
    return { id, reference, state, phase, receivedAt: now } as CaseRecord;
  }

  /** Applies one event through the one door, in its own transaction. */
  apply(actor: Actor, caseId: string, type: CaseEventType, payload: Record<string, unknown>, opts: ApplyOptions = {}): Promise<AppliedTransition> {
    return this.dataSource.transaction((m) => this.applyIn(m, actor, caseId, type, payload, opts));
  }

  async applyIn(
    m: EntityManager,
    actor: Actor,
    caseId: string,
    type: CaseEventType,
    payload: Record<string, unknown>,
    opts: ApplyOptions = {},
  ): Promise<AppliedTransition> {
    const who = caseActorOf(actor, opts.as);
    if (!who) throw new CasesError(CasesErrorCode.CASE_EVENT_FORBIDDEN, 'This caller does not act on cases');
    const c = await this.lockVisible(m, caseId, who);
    if (opts.expectedVersion !== undefined && opts.expectedVersion !== c.version) {
      throw new CasesError(CasesErrorCode.CASE_VERSION_MISMATCH, `The case is at version ${c.version}, not ${opts.expectedVersion}; reload it`, {
        extensions: { currentVersion: c.version },
      });
    }
    const snapshot = caseMachine.resolveState({ value: c.snapshot.value as never, context: c.snapshot.context });
    const denial = denyReason(who, type, snapshot.context);
    if (denial === 'role') {
      throw new CasesError(CasesErrorCode.CASE_EVENT_FORBIDDEN, `The ${who.role} role may not send ${type}`);
    }
    if (denial) throw new CasesError(CasesErrorCode.CASE_NOT_FOUND, 'Case not found');
    const now = this.clock.now();
    const event = { ...(await this.enrich(m, c, type, payload)), type, actor: who, at: now.toISOString() } as CaseEvent;
    if (!accepts(snapshot, event)) {
      const allowed = this.allowedFor(snapshot, who, now);
      throw new CasesError(CasesErrorCode.CASE_EVENT_NOT_ALLOWED, `${type} is not possible in state ${c.state}${c.phase ? `.${c.phase}` : ''} now`, {
        extensions: { state: c.state, phase: c.phase, allowedEvents: allowed },
      });
    }
    const [next, actions] = transition(caseMachine, snapshot, event);
    const { state, phase } = flattenState(next.value);
    const persisted = caseMachine.getPersistedSnapshot(next) as unknown as Record<string, unknown>;
    const ctx = next.context;
    const overdue = ctx.overdue.triage || ctx.overdue.response || ctx.overdue.resolution;
    const updated = await m.query(
      `UPDATE cases SET state = $2, phase = $3, snapshot = $4, version = version + 1, overdue = $5, assignee_id = $6,
              respondent_member_id = $7, updated_at = $8
        WHERE id = $1 AND version = $9 RETURNING version`,
      [c.id, state, phase, JSON.stringify(persisted), overdue, ctx.assigneeId, ctx.respondentMemberId, now, c.version],
    );
    if (updated[0].length === 0) throw new CasesError(CasesErrorCode.CASE_CONFLICT, 'The case changed concurrently; retry');
    const version: number = updated[0][0].version;
    const ref = actorRef(actor);
    const effects = actions.map((a) => a.type).filter((t) => !['xstate.assign'].includes(t));
    const [{ seq }] = await m.query(
      `INSERT INTO case_events (case_id, seq, type, actor_type, actor_id, actor_role, from_state, to_state, payload, occurred_at)
       SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9 FROM case_events WHERE case_id = $1
       RETURNING seq`,
      [c.id, type, ref.type, ref.id ?? who.id, who.role, c.state, state, JSON.stringify({ ...payload, ...(phase ? { phase } : {}), fromPhase: c.phase, effects }), now],
    );
    await this.audit.record(m, actor, {
      action: 'case.event',
      resourceType: 'case',
      resourceId: c.id,
      payload: { type, payload },
      details: { type, from: c.state, to: state, version },
    });
    if (opts.deadlineId) {
      await m.query(`UPDATE case_deadlines SET settled_at = $2, outcome = 'elapsed' WHERE id = $1 AND settled_at IS NULL`, [opts.deadlineId, now]);
    }
    await this.runDeadlineEffects(m, c, actions, now, ctx);
    for (const a of actions) {
      if (a.type === 'notify') await this.notify(m, c, ctx, (a.params as { to: string; template: string }));
      const handler = this.effects.get(a.type);
      if (handler) await handler({ m, actor, caseId: c.id, reference: c.reference, event, context: ctx, previousContext: snapshot.context, fromState: c.state, toState: state });
    }
    if (c.partnerId && (state !== c.state || phase !== c.phase)) await this.queueCallback(m, c, type, state, phase, now);
    return { caseId: c.id, reference: c.reference, type, fromState: c.state, toState: state, phase, version, seq };
  }

  /** The events this actor could send on this case now (for `GET /v1/cases/:id`). */
  allowedFor(snapshot: ReturnType<typeof caseMachine.resolveState>, who: CaseActor, now: Date): CaseEventType[] {
    return eventsForRole(who.role).filter((t) => {
      if (denyReason(who, t, snapshot.context)) return false;
      const probe = { type: t, actor: who, at: now.toISOString(), ...(PROBES[t] ?? {}) } as CaseEvent;
      return accepts(snapshot, probe);
    });
  }

  /** The row, locked, if the actor may see it: staff and the system see all; a rep their member's; a liaison their agency's. */
  private async lockVisible(m: EntityManager, caseId: string, who: CaseActor): Promise<LockedCase> {
    const rows: LockedCase[] = await m.query(
      `SELECT c.id, c.reference, c.state, c.phase, c.snapshot, c.version, c.respondent_member_id AS "respondentMemberId",
              c.partner_id AS "partnerId", c.external_id AS "externalId", c.category, cc.deadlines
         FROM cases c JOIN complaint_categories cc ON cc.code = c.category
        WHERE c.id = $1
          AND ($2::text IS NULL OR c.respondent_member_id = $2::uuid)
          AND ($3::text IS NULL OR c.snapshot -> 'context' -> 'referral' ->> 'agencyId' = $3::text)
        FOR UPDATE OF c`,
      [caseId, who.role === 'member_rep' ? (who.memberId ?? '00000000-0000-0000-0000-000000000000') : null,
        who.role === 'law_enforcement' ? (who.agencyId ?? '00000000-0000-0000-0000-000000000000') : null],
    );
    if (!rows[0]) throw new CasesError(CasesErrorCode.CASE_NOT_FOUND, 'Case not found');
    return rows[0];
  }

  /** Facts the guards need that the client does not state: evidence count, the reopen window. */
  private async enrich(m: EntityManager, c: LockedCase, type: CaseEventType, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (type === 'PROPOSE_REFERRAL') {
      const [{ n, agency }] = await m.query(
        'SELECT (SELECT count(*)::int FROM evidence WHERE case_id = $1) AS n, EXISTS (SELECT 1 FROM agencies WHERE id = $2) AS agency',
        [c.id, payload.agencyId],
      );
      if (!agency) {
        throw new CasesError(CasesErrorCode.CASE_EVENT_INVALID, 'The agency does not exist', {
          errors: [{ field: 'agencyId', code: 'UNKNOWN_AGENCY', message: 'agencyId is not a known agency' }],
        });
      }
      return { ...payload, evidenceCount: n };
    }
    if (type === 'REQUEST_RESPONSE' && payload.statement === undefined) {
      // An employee's own words could identify them: the respondent gets only what the staff write for it.
      const [{ employee }] = await m.query('SELECT is_employee_of_respondent AS employee FROM cases WHERE id = $1', [c.id]);
      if (employee) {
        throw new CasesError(CasesErrorCode.CASE_EVENT_INVALID, 'A complaint by an employee of the respondent is forwarded only as a staff statement', {
          errors: [{ field: 'statement', code: 'STATEMENT_REQUIRED', message: 'statement is required: write what the respondent may see' }],
        });
      }
    }
    if (type === 'REOPEN') return { ...payload, windowDays: this.config.cases.reopenWindowDays };
    if (type === 'ACCEPT' && payload.respondentMemberId) {
      const rows = await m.query('SELECT 1 FROM members WHERE id = $1', [payload.respondentMemberId]);
      if (!rows[0]) {
        throw new CasesError(CasesErrorCode.CASE_EVENT_INVALID, 'The respondent member does not exist', {
          errors: [{ field: 'respondentMemberId', code: 'UNKNOWN_MEMBER', message: 'respondentMemberId is not a known member' }],
        });
      }
    }
    return payload;
  }

  private async runDeadlineEffects(m: EntityManager, c: LockedCase, actions: { type: string; params?: unknown }[], now: Date, ctx: CaseContext): Promise<void> {
    const settings = settingsFor(c.deadlines, this.config.cases.deadlines);
    for (const a of actions) {
      const kind = (a.params as { kind?: DeadlineKind } | undefined)?.kind;
      if (!kind) continue;
      if (a.type === 'cancelDeadline') {
        await m.query(`UPDATE case_deadlines SET settled_at = $3, outcome = 'cancelled' WHERE case_id = $1 AND kind = $2 AND settled_at IS NULL`, [c.id, kind, now]);
      } else if (a.type === 'scheduleDeadline') {
        let due: Date;
        if (kind === 'promised_action') {
          if (ctx.response?.kind !== 'action_promised') continue;
          due = new Date(ctx.response.by);
        } else {
          due = dueAt(kind, now, settings);
        }
        await m.query(`UPDATE case_deadlines SET settled_at = $3, outcome = 'cancelled' WHERE case_id = $1 AND kind = $2 AND settled_at IS NULL`, [c.id, kind, now]);
        const [{ id }] = await m.query(
          `INSERT INTO case_deadlines (case_id, kind, started_at, due_at) VALUES ($1, $2, $3, $4) RETURNING id`,
          [c.id, kind, now, due],
        );
        await this.jobs.sendIn(m, DEADLINE_JOB, { deadlineId: id, caseId: c.id, kind }, { startAfter: due });
        if (kind === 'response') {
          for (const at of reminderTimes(due, now)) await this.jobs.sendIn(m, REMINDER_JOB, { deadlineId: id, caseId: c.id }, { startAfter: at });
        }
      }
    }
  }

  /** Messages go to the outbox in the same transaction (the default sender); no personal data in them. */
  private async notify(m: EntityManager, c: LockedCase, ctx: CaseContext, p: { to: string; template: string }): Promise<void> {
    const recipient =
      p.to === 'respondent' ? ctx.respondentMemberId : p.to === 'agency' ? (ctx.referral?.agencyId ?? null) : p.to === 'complainant' ? c.id : null;
    await m.query(
      `INSERT INTO notifications (case_id, recipient_kind, recipient_ref, template, payload) VALUES ($1, $2, $3, $4, $5)`,
      [c.id, p.to, recipient, p.template, JSON.stringify({ reference: c.reference })],
    );
  }

  /** A partner's case changed state: queue a signed callback (delivered after commit, retried, never blocking). */
  private async queueCallback(m: EntityManager, c: LockedCase, type: string, state: string, phase: string | null, now: Date): Promise<void> {
    const body = { reference: c.reference, externalId: c.externalId, state, phase, previousState: c.state, event: type, occurredAt: now.toISOString() };
    const [{ id }] = await m.query(`INSERT INTO partner_callbacks (partner_id, case_id, body) VALUES ($1, $2, $3) RETURNING id`, [c.partnerId, c.id, JSON.stringify(body)]);
    // Exponential backoff (delay doubling to at most 3 h) over 16 retries spans about a day.
    await this.jobs.sendIn(m, CALLBACK_JOB, { callbackId: id }, { retryLimit: 16, retryDelay: this.config.callbacks.retryDelaySeconds, retryBackoff: true, retryDelayMax: 3 * 3600 });
  }
}
