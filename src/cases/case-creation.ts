import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { initialTransition } from 'xstate';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/index.js';
import { actorRef, type Actor } from '../platform/access/principal.js';
import { Clock } from '../platform/clock.js';
import type { CaseRecord } from './case.entity.js';
import { CaseEffectDispatcher } from './case-effect-dispatcher.js';
import { deadlineEffectsOf } from './case-effects.js';
import { flattenState } from './case-state.js';
import { CasesRepository, type NewCase } from './cases.repository.js';
import { caseMachine } from './machine/case.machine.js';
import { MACHINE_VERSION, type CaseContext } from './machine/case.types.js';

export type { NewCase };

const SHANGHAI_YEAR = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' });

/** The initial snapshot is the same for every case but its respondent: computed once, then copied. */
const INITIAL = (() => {
  const [snapshot, actions] = initialTransition(caseMachine, { respondentMemberId: null });
  return { snapshot, actions, persisted: caseMachine.getPersistedSnapshot(snapshot) as unknown as { context: CaseContext } };
})();

export function initialSnapshot(respondentMemberId: string | null) {
  const persisted = { ...INITIAL.persisted, context: { ...INITIAL.persisted.context, respondentMemberId } };
  const snapshot = { value: INITIAL.snapshot.value, context: persisted.context };
  return { snapshot, persisted: JSON.stringify(persisted), actions: INITIAL.actions };
}

/** How a case comes into existence: in `received`, with its first history entry, its audit entry and its first deadlines. */
@Injectable()
export class CaseCreation {
  constructor(
    private readonly cases: CasesRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly effects: CaseEffectDispatcher,
  ) {}

  /** Inside the caller's transaction; the reference is drawn from the sequence in the same statement as the row. */
  /** `auditDetails`: facts of the intake (no personal data) added to the `case.create` audit entry, e.g. the consent version. */
  async create(m: EntityManager, actor: Actor, data: NewCase & { id?: string }, auditDetails: Record<string, string> = {}): Promise<CaseRecord> {
    const now = this.clock.now();
    const id = data.id ?? randomUUID();
    const { snapshot, persisted, actions } = initialSnapshot(data.respondentMemberId);
    const { state, phase } = flattenState(snapshot.value);
    const ref = actorRef(actor);
    // The first history entry keeps the respondent as matched at intake (ACCEPT may change it later), so reports can
    // attribute a case to its respondent as of any date.
    const reference = await this.cases.insertReceived(
      m,
      {
        ...data, id, year: SHANGHAI_YEAR.format(now), state, phase, snapshot: persisted, machineVersion: MACHINE_VERSION, at: now,
        createdBy: actor.principal?.kind === 'user' ? actor.principal.id : null,
      },
      { type: ref.type, id: ref.id, role: actor.principal?.role ?? actor.anonymous ?? 'complainant' },
      { channel: data.channel, respondentMemberId: data.respondentMemberId },
    );
    await this.audit.record(
      m,
      actor,
      {
        action: 'case.create',
        resourceType: 'case',
        resourceId: id,
        payload: { reference, channel: data.channel },
        details: { ...auditDetails, reference, channel: data.channel, category: data.category, ...(data.test ? { test: true } : {}) },
      },
      { newStream: true },
    );
    // Category overrides are not read at creation: the first deadlines (triage) use the configured defaults.
    await this.effects.run(m, actor, deadlineEffectsOf({ id, deadlines: {} }, actions, snapshot.context), now);
    return { id, reference, state, phase, receivedAt: now } as CaseRecord;
  }
}
