import { Injectable } from '@nestjs/common';
import { transition } from 'xstate';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/index.js';
import { actorRef, type Actor } from '../platform/access/principal.js';
import { Clock } from '../platform/clock.js';
import { Transactions } from '../platform/database/transactions.js';
import { isTransactionConflict } from '../platform/db-errors.js';
import type { CaseRecord } from './case.entity.js';
import { caseActorOf, caseScopeOf, type NamedCaseActor } from './case-actor.js';
import { CaseCreation, type NewCase } from './case-creation.js';
import { CaseEffectDispatcher } from './case-effect-dispatcher.js';
import { effectsOf } from './case-effects.js';
import { CaseEventEnricher } from './case-enrichment.js';
import { CaseMerges } from './case-merge.js';
import { CaseRefusals } from './case-refusal.js';
import { flattenState } from './case-state.js';
import { CasesRepository } from './cases.repository.js';
import { CasesError, CasesErrorCode } from './cases.errors.js';
import { caseMachine } from './machine/case.machine.js';
import { denyReason } from './machine/case.permissions.js';
import { type RefusedEvent, refusalOf } from './machine/case.refusals.js';
import type { CaseActor, CaseEvent, CaseEventType } from './machine/case.types.js';

export { caseActorOf } from './case-actor.js';
export type { NewCase } from './case-creation.js';

export interface ApplyOptions {
  /** If-Match: the version the client saw; a different current version answers 412. */
  expectedVersion?: number;
  /**
   * Who acts when there is no principal: the complainant (receipt checked by the caller) or the system; `sandbox`: a
   * partner's test-mode key acting as staff on its own test complaint (POST /v1/partner/sandbox/…).
   */
  as?: NamedCaseActor;
  /** The deadline row a DEADLINE_ELAPSED comes from, settled in the same transaction. */
  deadlineId?: string;
}

/** A case's state and the events that would be accepted now (`offeredTo`). */
export interface OfferedEvents {
  caseId: string;
  reference: string;
  state: string;
  phase: string | null;
  /** What the caller could send now. */
  allowedEvents: CaseEventType[];
  /** What the complainant could send now, with the receipt code (POST /v1/public/complaints/events). */
  complainantEvents: CaseEventType[];
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

/**
 * The one door through which a case comes into existence and changes state: HTTP handlers, the deadline scheduler and
 * callbacks all call `apply`, which runs in one transaction: lock the row (and a merge's other case) → check scope, role
 * and the machine's guards → compute the next snapshot with xstate's pure `transition()` → persist it with a new version,
 * its history entry and its audit entry → dispatch the effects (`effectsOf`, run through typed ports in the same
 * transaction; jobs queued in it run after commit).
 */
@Injectable()
export class CaseTransitionsService {
  constructor(
    private readonly tx: Transactions,
    private readonly cases: CasesRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly creation: CaseCreation,
    private readonly refusals: CaseRefusals,
    private readonly merges: CaseMerges,
    private readonly enricher: CaseEventEnricher,
    private readonly effects: CaseEffectDispatcher,
  ) {}

  /** Opens a case in `received` inside the caller's transaction (row, first history entry, audit entry, deadlines). */
  createCase(m: EntityManager, actor: Actor, data: NewCase & { id?: string }, auditDetails?: Record<string, string>): Promise<CaseRecord> {
    return this.creation.create(m, actor, data, auditDetails);
  }

  /** Applies one event through the one door, in its own transaction. */
  apply(actor: Actor, caseId: string, type: CaseEventType, payload: Record<string, unknown>, opts: ApplyOptions = {}): Promise<AppliedTransition> {
    return this.tx.run((m) => this.applyIn(m, actor, caseId, type, payload, opts)).catch((e: unknown) => {
      // PostgreSQL broke a lock cycle by aborting this transaction: nothing was written, and the client may retry.
      if (isTransactionConflict(e)) throw new CasesError(CasesErrorCode.CASE_CONFLICT, 'The case changed concurrently; retry');
      throw e;
    });
  }

  async applyIn(m: EntityManager, actor: Actor, caseId: string, type: CaseEventType, payload: Record<string, unknown>, opts: ApplyOptions = {}): Promise<AppliedTransition> {
    const who = caseActorOf(actor, opts.as);
    if (!who) throw new CasesError(CasesErrorCode.CASE_EVENT_FORBIDDEN, 'This caller does not act on cases');
    // Lock: a merge touches two cases, so both rows are locked first, always in id order (two opposite merges cannot deadlock).
    const counterpartId = who.kind === 'staff' ? await this.merges.lockPair(m, caseId, type, payload) : null;
    const c = await this.cases.lockForTransition(m, caseId, caseScopeOf(who));
    if (!c) throw new CasesError(CasesErrorCode.CASE_NOT_FOUND, 'Case not found');
    // Check: version, role and scope, the payload's facts, the machine's guards.
    if (opts.expectedVersion !== undefined && opts.expectedVersion !== c.version) {
      throw new CasesError(CasesErrorCode.CASE_VERSION_MISMATCH, `The case is at version ${c.version}, not ${opts.expectedVersion}; reload it`, {
        extensions: { currentVersion: c.version },
      });
    }
    const snapshot = caseMachine.resolveState({ value: c.snapshot.value as never, context: c.snapshot.context });
    const denial = denyReason(who, type, snapshot.context);
    if (denial === 'role') throw new CasesError(CasesErrorCode.CASE_EVENT_FORBIDDEN, `The ${who.kind === 'sandbox' ? 'sandbox' : `${who.role} role`} may not send ${type}`);
    if (denial) throw new CasesError(CasesErrorCode.CASE_NOT_FOUND, 'Case not found');
    const now = this.clock.now();
    const event = { ...(await this.enricher.enrich(m, c.id, type, payload)), type, actor: who, at: now.toISOString() } as CaseEvent;
    const refusal = refusalOf(snapshot, event);
    if (refusal) throw await this.refusals.notAllowed(m, c, snapshot, who, type, refusal, now);
    const counterpart = await this.merges.counterpart(m, c, type, payload, snapshot.context, counterpartId);
    // Pure transition.
    const [next, actions] = transition(caseMachine, snapshot, event);
    const { state, phase } = flattenState(next.value);
    const ctx = next.context;
    // Persist: the snapshot under the version we locked, the history entry, the audit entry.
    const version = await this.cases.saveSnapshot(m, {
      id: c.id, state, phase, snapshot: JSON.stringify(caseMachine.getPersistedSnapshot(next)), overdue: ctx.overdue.triage || ctx.overdue.response || ctx.overdue.resolution,
      assigneeId: ctx.assigneeId, respondentMemberId: ctx.respondentMemberId, at: now, expectedVersion: c.version,
    });
    if (version === null) throw new CasesError(CasesErrorCode.CASE_CONFLICT, 'The case changed concurrently; retry');
    const ref = actorRef(actor);
    const effects = actions.map((a) => a.type).filter((t) => !['xstate.assign'].includes(t));
    // The history names the other case of a merge by id and reference (the reference is what people quote).
    const linked = counterpart ? { targetCaseId: counterpart.id, targetReference: counterpart.reference } : {};
    // A corrected respondent: the history names the member it replaced, and the case's match records the correction.
    const corrected = event.type === 'CORRECT_RESPONDENT' ? { previousRespondentMemberId: snapshot.context.respondentMemberId } : {};
    const seq = await this.cases.insertEvent(m, {
      caseId: c.id, type, author: { type: ref.type, id: ref.id ?? who.id, role: who.role }, fromState: c.state, toState: state,
      payload: { ...payload, ...linked, ...corrected, ...(phase ? { phase } : {}), fromPhase: c.phase, effects }, at: now,
    });
    if (event.type === 'CORRECT_RESPONDENT') {
      await this.cases.recordRespondentCorrection(m, c.id, {
        method: 'corrected', memberName: String((event as { respondentMemberName?: string }).respondentMemberName ?? ''),
        previousMemberId: snapshot.context.respondentMemberId, correctedBy: who.id, correctedAt: now.toISOString(),
      });
    }
    await this.audit.record(m, actor, { action: 'case.event', resourceType: 'case', resourceId: c.id, payload: { type, payload }, details: { type, from: c.state, to: state, version } });
    if (opts.deadlineId) await this.cases.settleElapsed(m, opts.deadlineId, now);
    if (counterpart && (type === 'MERGE' || type === 'UNMERGE')) await this.merges.recordOnCounterpart(m, actor, who, type, counterpart, c, payload, now);
    // Dispatch.
    const mergedIntoReference = counterpart && type === 'MERGE' ? counterpart.reference : undefined;
    await this.effects.run(m, actor, effectsOf({ case: c, actions, before: snapshot.context, after: ctx, event, toState: state, toPhase: phase, mergedIntoReference }), now);
    return { caseId: c.id, reference: c.reference, type, fromState: c.state, toState: state, phase, version, seq };
  }

  /**
   * The case as the one door would find it for this caller (its scope, without a lock), with the events the caller could
   * send now and those the complainant could (with the receipt code); null when the case is out of the caller's scope.
   * For the partner's sandbox (`as: 'sandbox'`), which has no case view of its own.
   */
  async offeredTo(actor: Actor, caseId: string, as?: NamedCaseActor): Promise<OfferedEvents | null> {
    const who = caseActorOf(actor, as);
    if (!who) throw new CasesError(CasesErrorCode.CASE_EVENT_FORBIDDEN, 'This caller does not act on cases');
    const c = await this.cases.findInScope(this.tx.manager, caseId, caseScopeOf(who));
    if (!c) return null;
    const snapshot = caseMachine.resolveState({ value: c.snapshot.value as never, context: c.snapshot.context });
    const now = this.clock.now();
    return {
      caseId: c.id, reference: c.reference, state: c.state, phase: c.phase,
      allowedEvents: this.allowedFor(snapshot, who, now),
      complainantEvents: this.allowedFor(snapshot, { kind: 'complainant', id: null, role: 'complainant' }, now),
    };
  }

  /** The events this actor could send on this case now (for `GET /v1/cases/:id`): never one its guards would refuse. */
  allowedFor(snapshot: ReturnType<typeof caseMachine.resolveState>, who: CaseActor, now: Date): CaseEventType[] {
    return this.refusals.allowedFor(snapshot, who, now);
  }

  /** The events the actor's role may send that this case refuses now, with the machine's reason (for `GET /v1/cases/:id`). */
  refusedFor(snapshot: ReturnType<typeof caseMachine.resolveState>, who: CaseActor, now: Date, rightOfReplyDue: string | null): RefusedEvent[] {
    return this.refusals.refusedFor(snapshot, who, now, rightOfReplyDue);
  }
}
