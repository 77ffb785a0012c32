import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { initialTransition, transition } from 'xstate';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/index.js';
import { CalendarService } from '../calendar/index.js';
import { actorRef, type Actor } from '../platform/access/principal.js';
import { Clock } from '../platform/clock.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/config.js';
import { JobsService } from '../platform/jobs/jobs.service.js';
import type { CaseRecord, Channel, CitedArticle, RespondentMatch } from './case.entity.js';
import { CaseEffectRegistry } from './case-effects.js';
import { flattenState } from './case-state.js';
import { isTransactionConflict } from '../platform/db-errors.js';
import { CasesError, CasesErrorCode } from './cases.errors.js';
import { dueAt, reminderTimes, settingsFor, type DeadlineSettings, type Due } from './deadlines/deadline-policy.js';
import { caseMachine } from './machine/case.machine.js';
import { denyReason } from './machine/case.permissions.js';
import { offeredEvents, refusalOf, type Refusal } from './machine/case.refusals.js';
import {
  MACHINE_VERSION,
  MERGE_COUNTERPART_ENTRIES,
  type CaseActor,
  type CaseContext,
  type CaseEvent,
  type CaseEventType,
  type DeadlineKind,
} from './machine/case.types.js';

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

/** The detail line of each refusal (the stable part is `reason`). */
const REFUSAL_TEXT: Record<Refusal['reason'], (until: string | null) => string> = {
  STATE_REFUSES: () => 'this state does not take this event',
  NO_RESPONDENT_MEMBER: () => 'no respondent member is identified; name one (respondentMemberId)',
  PROPOSAL_PENDING: () => 'a proposal is pending; approve or reject it first',
  NO_PENDING_PROPOSAL: () => 'there is no pending proposal',
  OWN_PROPOSAL: () => 'a supervisor other than the proposer must decide (four eyes)',
  RIGHT_OF_REPLY_PENDING: (until) => `the respondent's right of reply is open${until ? ` until ${until}` : ''}`,
  REOPEN_WINDOW_PASSED: (until) => `the reopen window has passed${until ? ` (it ended ${until})` : ''}`,
  REFERRAL_NEEDS_EVIDENCE_OR_JUSTIFICATION: () => 'a referral needs evidence on the case or a written justification',
  NOT_AWAITING_FOLLOW_UP: () => 'no promised action is awaiting the complainant\'s answer',
};

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
    private readonly calendar: CalendarService,
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
    return this.dataSource.transaction((m) => this.applyIn(m, actor, caseId, type, payload, opts)).catch((e: unknown) => {
      // PostgreSQL broke a lock cycle by aborting this transaction: nothing was written, and the client may retry.
      if (isTransactionConflict(e)) throw new CasesError(CasesErrorCode.CASE_CONFLICT, 'The case changed concurrently; retry');
      throw e;
    });
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
    // A merge touches two cases: lock both rows first, always in id order, so two opposite merges cannot deadlock.
    const counterpartId = who.kind === 'staff' ? await this.lockMergePair(m, caseId, type, payload) : null;
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
    const refusal = refusalOf(snapshot, event);
    if (refusal) throw await this.notAllowed(m, c, snapshot, who, type, refusal, now);
    const counterpart = await this.mergeCounterpart(m, c, type, payload, snapshot.context, counterpartId);
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
    // The history names the other case of a merge by id and reference (the reference is what people quote).
    const linked = counterpart ? { targetCaseId: counterpart.id, targetReference: counterpart.reference } : {};
    const [{ seq }] = await m.query(
      `INSERT INTO case_events (case_id, seq, type, actor_type, actor_id, actor_role, from_state, to_state, payload, occurred_at)
       SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9 FROM case_events WHERE case_id = $1
       RETURNING seq`,
      [c.id, type, ref.type, ref.id ?? who.id, who.role, c.state, state, JSON.stringify({ ...payload, ...linked, ...(phase ? { phase } : {}), fromPhase: c.phase, effects }), now],
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
      if (a.type === 'notify') await this.notify(m, c, ctx, (a.params as { to: string; template: string }), counterpart && type === 'MERGE' ? { mergedIntoReference: counterpart.reference } : {});
      const handler = this.effects.get(a.type);
      if (handler) await handler({ m, actor, caseId: c.id, reference: c.reference, event, context: ctx, previousContext: snapshot.context, fromState: c.state, toState: state });
    }
    if (counterpart && (type === 'MERGE' || type === 'UNMERGE')) {
      await this.recordOnCounterpart(m, actor, who, counterpart, MERGE_COUNTERPART_ENTRIES[type], c, payload, now);
    }
    if (c.partnerId && (state !== c.state || phase !== c.phase)) await this.queueCallback(m, c, type, state, phase, now);
    return { caseId: c.id, reference: c.reference, type, fromState: c.state, toState: state, phase, version, seq };
  }

  /** The events this actor could send on this case now (for `GET /v1/cases/:id`): never one its guards would refuse. */
  allowedFor(snapshot: ReturnType<typeof caseMachine.resolveState>, who: CaseActor, now: Date): CaseEventType[] {
    return offeredEvents(snapshot, who, now.toISOString(), this.config.cases.reopenWindowDays);
  }

  /** 409 naming why the state refuses the event (`reason`, and for a pending right of reply the date it ends). */
  private async notAllowed(
    m: EntityManager,
    c: LockedCase,
    snapshot: ReturnType<typeof caseMachine.resolveState>,
    who: CaseActor,
    type: CaseEventType,
    refusal: Refusal,
    now: Date,
  ): Promise<CasesError> {
    let until = refusal.until ?? null;
    if (refusal.reason === 'RIGHT_OF_REPLY_PENDING') {
      const [d] = await m.query(
        `SELECT due_at AS "dueAt" FROM case_deadlines WHERE case_id = $1 AND kind = 'right_of_reply' AND settled_at IS NULL ORDER BY started_at DESC LIMIT 1`,
        [c.id],
      );
      until = d ? new Date(d.dueAt).toISOString() : null;
    }
    const where = `${c.state}${c.phase ? `.${c.phase}` : ''}`;
    return new CasesError(CasesErrorCode.CASE_EVENT_NOT_ALLOWED, `${type} is not possible in state ${where} now: ${REFUSAL_TEXT[refusal.reason](until)}`, {
      extensions: { state: c.state, phase: c.phase, reason: refusal.reason, ...(until ? { until } : {}), allowedEvents: this.allowedFor(snapshot, who, now) },
    });
  }

  /** For MERGE (the named target) and UNMERGE (the case it went to): lock both rows in id order; returns the other id. */
  private async lockMergePair(m: EntityManager, caseId: string, type: CaseEventType, payload: Record<string, unknown>): Promise<string | null> {
    let other: string | null = null;
    if (type === 'MERGE' && typeof payload.targetCaseId === 'string' && payload.targetCaseId !== caseId) other = payload.targetCaseId;
    if (type === 'UNMERGE') {
      const [row] = await m.query(`SELECT snapshot -> 'context' ->> 'mergedInto' AS "mergedInto" FROM cases WHERE id = $1`, [caseId]);
      other = row?.mergedInto ?? null;
    }
    if (!other) return null;
    // One row at a time, in one global order (a multi-row FOR UPDATE does not promise the order it locks in).
    for (const id of [caseId, other].sort()) await m.query('SELECT 1 FROM cases WHERE id = $1 FOR UPDATE', [id]);
    return other;
  }

  /** The other case of a merge, locked: MERGE's target must exist, be another case and still be open; UNMERGE's is where it went. */
  private async mergeCounterpart(
    m: EntityManager,
    c: LockedCase,
    type: CaseEventType,
    payload: Record<string, unknown>,
    ctx: CaseContext,
    lockedId: string | null,
  ): Promise<{ id: string; reference: string; state: string; phase: string | null } | null> {
    if (type !== 'MERGE' && type !== 'UNMERGE') return null;
    const targetId = type === 'MERGE' ? String(payload.targetCaseId) : ctx.mergedInto;
    if (type === 'MERGE' && targetId === c.id) throw new CasesError(CasesErrorCode.MERGE_INTO_SELF, 'A case cannot be merged into itself');
    // The pair was locked before the case was read; a target that changed in between is a concurrent change.
    if (!targetId || targetId !== lockedId) throw new CasesError(CasesErrorCode.CASE_CONFLICT, 'The case changed concurrently; retry');
    const [t] = await m.query('SELECT id, reference, state, phase FROM cases WHERE id = $1', [targetId]);
    if (type === 'UNMERGE') return t ?? null;
    if (!t) {
      throw new CasesError(CasesErrorCode.MERGE_TARGET_NOT_FOUND, 'The target case does not exist', {
        errors: [{ field: 'targetCaseId', code: 'UNKNOWN_CASE', message: 'targetCaseId is not a known case' }],
      });
    }
    if (t.state === 'merged') {
      throw new CasesError(CasesErrorCode.MERGE_TARGET_MERGED, `${t.reference} is itself merged; merge into the case it went to`, {
        extensions: { targetReference: t.reference },
      });
    }
    if (t.state === 'closed' || t.state === 'dismissed' || t.state === 'withdrawn') {
      throw new CasesError(CasesErrorCode.MERGE_TARGET_CLOSED, `${t.reference} is ${t.state}; reopen it first or merge into an open case`, {
        extensions: { targetReference: t.reference, targetState: t.state },
      });
    }
    return t;
  }

  /**
   * The other side of a merge, in the same transaction: a history-only entry (MERGED_IN, MERGE_UNDONE) on the target naming
   * the merged case, a new version (its history changed) and an audit entry. Its state does not change.
   */
  private async recordOnCounterpart(
    m: EntityManager,
    actor: Actor,
    who: CaseActor,
    target: { id: string; state: string; phase: string | null },
    type: 'MERGED_IN' | 'MERGE_UNDONE',
    source: LockedCase,
    payload: Record<string, unknown>,
    now: Date,
  ): Promise<void> {
    const ref = actorRef(actor);
    const entry = {
      sourceCaseId: source.id,
      sourceReference: source.reference,
      ...(typeof payload.reason === 'string' ? { reason: payload.reason } : {}),
      ...(target.phase ? { phase: target.phase } : {}),
      fromPhase: target.phase,
      effects: [],
    };
    await m.query(
      `WITH u AS (UPDATE cases SET version = version + 1, updated_at = $2 WHERE id = $1 RETURNING version)
       INSERT INTO case_events (case_id, seq, type, actor_type, actor_id, actor_role, from_state, to_state, payload, occurred_at)
       SELECT $1, coalesce(max(seq), 0) + 1, $3, $4, $5, $6, $7, $7, $8, $2 FROM case_events, u WHERE case_id = $1`,
      [target.id, now, type, ref.type, ref.id ?? who.id, who.role, target.state, JSON.stringify(entry)],
    );
    await this.audit.record(m, actor, {
      action: 'case.event',
      resourceType: 'case',
      resourceId: target.id,
      payload: { type, payload: { sourceCaseId: source.id } },
      details: { type, from: target.state, to: target.state, sourceReference: source.reference },
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
    if (type === 'REOPEN' || type === 'UNMERGE') return { ...payload, windowDays: this.config.cases.reopenWindowDays };
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
        let due: Due;
        const calendar = await this.calendar.current(m);
        if (kind === 'promised_action') {
          if (ctx.response?.kind !== 'action_promised') continue;
          // The date the respondent promised: given, not counted on the calendar.
          due = { dueAt: new Date(ctx.response.by), calendarCovered: true };
        } else {
          due = dueAt(kind, now, settings, calendar);
        }
        await m.query(`UPDATE case_deadlines SET settled_at = $3, outcome = 'cancelled' WHERE case_id = $1 AND kind = $2 AND settled_at IS NULL`, [c.id, kind, now]);
        const [{ id }] = await m.query(
          `INSERT INTO case_deadlines (case_id, kind, started_at, due_at, calendar_covered) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [c.id, kind, now, due.dueAt, due.calendarCovered],
        );
        await this.jobs.sendIn(m, DEADLINE_JOB, { deadlineId: id, caseId: c.id, kind }, { startAfter: due.dueAt });
        if (kind === 'response') {
          for (const at of reminderTimes(due.dueAt, now, calendar)) await this.jobs.sendIn(m, REMINDER_JOB, { deadlineId: id, caseId: c.id }, { startAfter: at });
        }
      }
    }
  }

  /** Messages go to the outbox in the same transaction (the default sender); no personal data in them. */
  private async notify(m: EntityManager, c: LockedCase, ctx: CaseContext, p: { to: string; template: string }, extra: Record<string, string> = {}): Promise<void> {
    const recipient =
      p.to === 'respondent' ? ctx.respondentMemberId : p.to === 'agency' ? (ctx.referral?.agencyId ?? null) : p.to === 'complainant' ? c.id : null;
    await m.query(
      `INSERT INTO notifications (case_id, recipient_kind, recipient_ref, template, payload) VALUES ($1, $2, $3, $4, $5)`,
      [c.id, p.to, recipient, p.template, JSON.stringify({ reference: c.reference, ...(p.to === 'complainant' ? extra : {}) })],
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
