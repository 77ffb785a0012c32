import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/index.js';
import { actorRef, type Actor } from '../platform/access/principal.js';
import { CasesRepository, type CaseRowRef, type LockedCase } from './cases.repository.js';
import { CasesError, CasesErrorCode } from './cases.errors.js';
import { type CaseActor, type CaseContext, type CaseEventType, MERGE_COUNTERPART_ENTRIES } from './machine/case.types.js';

/** The other case of a MERGE or UNMERGE: both rows are locked in id order, checked, and the other one gets a history entry. */
@Injectable()
export class CaseMerges {
  constructor(
    private readonly cases: CasesRepository,
    private readonly audit: AuditService,
  ) {}

  /** For MERGE (the named target) and UNMERGE (the case it went to): lock both rows in id order; returns the other id. */
  async lockPair(m: EntityManager, caseId: string, type: CaseEventType, payload: Record<string, unknown>): Promise<string | null> {
    let other: string | null = null;
    if (type === 'MERGE' && typeof payload.targetCaseId === 'string' && payload.targetCaseId !== caseId) other = payload.targetCaseId;
    if (type === 'UNMERGE') other = await this.cases.mergeTargetOf(m, caseId);
    if (!other) return null;
    // One row at a time, in one global order (a multi-row FOR UPDATE does not promise the order it locks in).
    for (const id of [caseId, other].sort()) await this.cases.lockRow(m, id);
    return other;
  }

  /** The other case of a merge, locked: MERGE's target must exist, be another case and still be open; UNMERGE's is where it went. */
  async counterpart(m: EntityManager, c: LockedCase, type: CaseEventType, payload: Record<string, unknown>, ctx: CaseContext, lockedId: string | null): Promise<CaseRowRef | null> {
    if (type !== 'MERGE' && type !== 'UNMERGE') return null;
    const targetId = type === 'MERGE' ? String(payload.targetCaseId) : ctx.mergedInto;
    if (type === 'MERGE' && targetId === c.id) throw new CasesError(CasesErrorCode.MERGE_INTO_SELF, 'A case cannot be merged into itself');
    // The pair was locked before the case was read; a target that changed in between is a concurrent change.
    if (!targetId || targetId !== lockedId) throw new CasesError(CasesErrorCode.CASE_CONFLICT, 'The case changed concurrently; retry');
    const t = await this.cases.findRef(m, targetId);
    if (type === 'UNMERGE') return t;
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
  async recordOnCounterpart(m: EntityManager, actor: Actor, who: CaseActor, type: 'MERGE' | 'UNMERGE', target: CaseRowRef, source: LockedCase, payload: Record<string, unknown>, now: Date): Promise<void> {
    const entryType = MERGE_COUNTERPART_ENTRIES[type];
    const ref = actorRef(actor);
    const entry = {
      sourceCaseId: source.id,
      sourceReference: source.reference,
      ...(typeof payload.reason === 'string' ? { reason: payload.reason } : {}),
      ...(target.phase ? { phase: target.phase } : {}),
      fromPhase: target.phase,
      effects: [],
    };
    await this.cases.insertHistoryOnly(m, { caseId: target.id, type: entryType, author: { type: ref.type, id: ref.id ?? who.id, role: who.role }, state: target.state, payload: entry, at: now });
    await this.audit.record(m, actor, {
      action: 'case.event',
      resourceType: 'case',
      resourceId: target.id,
      payload: { type: entryType, payload: { sourceCaseId: source.id } },
      details: { type: entryType, from: target.state, to: target.state, sourceReference: source.reference },
    });
  }
}
