import { initialTransition, transition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { accepts, caseMachine } from './case.machine.js';
import { denyReason, eventsForRole } from './case.permissions.js';
import { offeredEvents, refusalOf } from './case.refusals.js';
import type { CaseActor, CaseEvent, CaseEventType } from './case.types.js';

const WINDOW = 30;
const staff: CaseActor = { kind: 'staff', id: 'staff-1', role: 'secretariat' };
const sup1: CaseActor = { kind: 'staff', id: 'sup-1', role: 'supervisor' };
const sup2: CaseActor = { kind: 'staff', id: 'sup-2', role: 'supervisor' };
const rep: CaseActor = { kind: 'member_rep', id: 'rep-1', role: 'member_rep', memberId: 'm1' };
const complainant: CaseActor = { kind: 'complainant', id: null, role: 'complainant' };
const liaison: CaseActor = { kind: 'liaison', id: 'le-1', role: 'law_enforcement', agencyId: 'ag-1' };
const system: CaseActor = { kind: 'system', id: null, role: 'system' };
const at = (day: number) => new Date(Date.UTC(2026, 0, 1 + day)).toISOString();
const ev = (e: Record<string, unknown> & { type: CaseEventType }, actor: CaseActor = staff, day = 1) => ({ actor, at: at(day), ...e }) as CaseEvent;

/**
 * A valid client payload for each event, written independently of the service's probes: what a user who read the
 * docs would send (a named member for ACCEPT, a justification for a referral, the configured reopen window).
 */
const VALID: Record<Exclude<CaseEventType, 'DEADLINE_ELAPSED'>, Record<string, unknown>> = {
  ACCEPT: { respondentMemberId: 'm1' }, DISMISS: { reason: '重复投诉' }, MERGE: { targetCaseId: 'c2' }, REQUEST_RESPONSE: {},
  RESPOND: { response: { kind: 'unfounded', reasons: '不属实' } }, START_MEDIATION: {}, RECORD_MEDIATION_SESSION: { summary: '电话沟通' },
  AGREEMENT: { terms: '退款' }, MEDIATION_FAILED: { reason: '未达成一致' }, RESOLVE: { upheld: false, outcome: '不成立' },
  PROPOSE_PUBLICATION: { summary: 's', findings: 'f' }, PROPOSE_REFERRAL: { agencyId: 'ag-1', justification: '涉嫌诈骗', evidenceCount: 0 },
  APPROVE: {}, REJECT_PROPOSAL: { reason: '证据不足' }, RIGHT_OF_REPLY: { reply: '已整改' }, LE_ACKNOWLEDGE: { referenceNumber: 'GA-1' },
  LE_CONCLUDE: { outcome: '立案' }, RETRACT_REFERRAL: { reason: '误移送' }, CONFIRM: {}, DISPUTE: { reason: '未退款' }, WITHDRAW: {},
  ADD_INFORMATION: { text: '补充' }, ASSIGN: { assigneeId: 'staff-2' }, ADD_NOTE: { text: '备注' }, CLOSE: {},
  CORRECT_RESPONDENT: { respondentMemberId: 'm2', reason: '域名匹配有误' },
  REOPEN: { reason: '新证据', windowDays: WINDOW }, UNMERGE: { reason: '误合并', windowDays: WINDOW }, ACTION_FOLLOW_UP: { happened: true },
};

/** Every state the machine can reach (with the context its guards read), by shortest paths over sampled events. */
function reachableSnapshots() {
  const sample: CaseEvent[] = [
    ...(['ACCEPT', 'DISMISS', 'MERGE', 'REQUEST_RESPONSE', 'START_MEDIATION', 'RECORD_MEDIATION_SESSION', 'AGREEMENT', 'MEDIATION_FAILED', 'RESOLVE',
      'CLOSE', 'ASSIGN', 'ADD_NOTE'] as const).map((type) => ev({ type, ...VALID[type] })),
    ev({ type: 'RESPOND', response: { kind: 'action_promised', action: '下架', by: at(10) } }, rep),
    ev({ type: 'PROPOSE_PUBLICATION', summary: 's', findings: 'f' }, sup1),
    ev({ type: 'PROPOSE_REFERRAL', agencyId: 'ag-1', evidenceCount: 1 }, sup1),
    ev({ type: 'APPROVE' }, sup2), ev({ type: 'REJECT_PROPOSAL', reason: 'r' }, sup2), ev({ type: 'RIGHT_OF_REPLY', reply: 'r' }, rep),
    ev({ type: 'LE_ACKNOWLEDGE', referenceNumber: 'GA-1' }, liaison), ev({ type: 'LE_CONCLUDE', outcome: '立案' }, liaison),
    ev({ type: 'RETRACT_REFERRAL', reason: 'r' }, sup2), ev({ type: 'CONFIRM' }, complainant), ev({ type: 'DISPUTE', reason: 'r' }, complainant),
    ev({ type: 'WITHDRAW' }, complainant), ev({ type: 'REOPEN', reason: 'r', windowDays: WINDOW }, sup1), ev({ type: 'UNMERGE', reason: 'r', windowDays: WINDOW }, sup1),
    ev({ type: 'ACTION_FOLLOW_UP', happened: true }, complainant),
    ...(['triage', 'response', 'mediation', 'resolution', 'right_of_reply', 'confirmation', 'promised_action'] as const).map((d) =>
      ev({ type: 'DEADLINE_ELAPSED', deadline: d }, system),
    ),
  ];
  type S = { value: unknown; context: { proposal: { kind: string; proposedBy: string } | null; rightOfReply: { reply: string | null; elapsed: boolean } | null; referral: unknown; followUp: { asked: boolean; happened: boolean | null } | null; respondentMemberId: string | null; mergedFrom: string | null } };
  const key = (s: S) =>
    JSON.stringify([s.value, s.context.proposal ? [s.context.proposal.kind, s.context.proposal.proposedBy] : null, s.context.rightOfReply ? [s.context.rightOfReply.reply !== null, s.context.rightOfReply.elapsed] : null,
      s.context.referral !== null, s.context.followUp ? [s.context.followUp.asked, s.context.followUp.happened] : null, s.context.respondentMemberId, s.context.mergedFrom]);
  return [null, 'm1'].flatMap((respondentMemberId) =>
    getShortestPaths(caseMachine, { events: sample, input: { respondentMemberId }, serializeState: key as never }).map((p) => p.state),
  );
}

describe('allowedEvents and refusal reasons (pure, over every reachable state)', () => {
  const snapshots = reachableSnapshots();
  const actors = [staff, sup1, sup2, rep, { ...rep, memberId: 'm-other' }, complainant, liaison, { ...liaison, agencyId: 'ag-2' }];

  it('reaches every state, including merged from received and from investigating', () => {
    const values = new Set(snapshots.map((s) => JSON.stringify(s.value)));
    expect(values.size).toBeGreaterThanOrEqual(12);
    expect([...new Set(snapshots.filter((s) => s.value === 'merged').map((s) => s.context.mergedFrom))].sort()).toEqual(['investigating', 'received']);
  });

  it('for every role, every offered event is accepted with a valid payload, and every event the guards refuse is not offered', () => {
    const mismatches: string[] = [];
    for (const snap of snapshots) {
      // Just after the last event, and long after it: the reopen and unmerge windows are open, then passed.
      for (const day of [2, 400]) {
        for (const who of actors) {
          const offered = offeredEvents(snap, who, at(day), WINDOW);
          for (const type of eventsForRole(who.role)) {
            if (type === 'DEADLINE_ELAPSED') continue;
            const event = { type, actor: who, at: at(day), ...VALID[type] } as CaseEvent;
            const acceptable = denyReason(who, type, snap.context) === null && accepts(snap, event);
            if (offered.includes(type) !== acceptable) {
              mismatches.push(`${JSON.stringify(snap.value)} day ${day} ${who.role}/${who.id}: ${type} offered=${offered.includes(type)} accepted=${acceptable}`);
            }
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('names a reason exactly when the machine refuses, and STATE_REFUSES only when no active state takes the event', () => {
    const wrong: string[] = [];
    for (const snap of snapshots) {
      for (const who of [staff, sup1, sup2, rep, complainant, liaison]) {
        for (const type of eventsForRole(who.role)) {
          if (type === 'DEADLINE_ELAPSED') continue;
          for (const day of [2, 400]) {
            const event = { type, actor: who, at: at(day), ...VALID[type] } as CaseEvent;
            const refusal = refusalOf(snap, event);
            if ((refusal === null) !== accepts(snap, event)) wrong.push(`${JSON.stringify(snap.value)} ${type}: ${JSON.stringify(refusal)}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('refusal reasons name the guard that failed', () => {
  const run = (events: CaseEvent[], respondentMemberId: string | null = 'm1') => {
    let [snap] = initialTransition(caseMachine, { respondentMemberId });
    for (const e of events) [snap] = transition(caseMachine, snap, e);
    return snap;
  };
  const proposed = [ev({ type: 'ACCEPT' }), ev({ type: 'PROPOSE_PUBLICATION', summary: 's', findings: 'f' }, sup1)];

  it('approving a publication during the right of reply answers RIGHT_OF_REPLY_PENDING', () => {
    expect(refusalOf(run(proposed), ev({ type: 'APPROVE' }, sup2))).toEqual({ reason: 'RIGHT_OF_REPLY_PENDING' });
  });
  it('the proposer approving answers OWN_PROPOSAL; no proposal answers NO_PENDING_PROPOSAL; a second proposal PROPOSAL_PENDING', () => {
    expect(refusalOf(run(proposed), ev({ type: 'APPROVE' }, sup1))).toEqual({ reason: 'OWN_PROPOSAL' });
    expect(refusalOf(run([ev({ type: 'ACCEPT' })]), ev({ type: 'APPROVE' }, sup2))).toEqual({ reason: 'NO_PENDING_PROPOSAL' });
    expect(refusalOf(run([ev({ type: 'ACCEPT' })]), ev({ type: 'RIGHT_OF_REPLY', reply: 'r' }, rep))).toEqual({ reason: 'NO_PENDING_PROPOSAL' });
    expect(refusalOf(run(proposed), ev({ type: 'PROPOSE_REFERRAL', agencyId: 'ag-1', evidenceCount: 3 }, sup2))).toEqual({ reason: 'PROPOSAL_PENDING' });
  });
  it('accepting a complaint about a non-member answers NO_RESPONDENT_MEMBER', () => {
    expect(refusalOf(run([], null), ev({ type: 'ACCEPT' }))).toEqual({ reason: 'NO_RESPONDENT_MEMBER' });
  });
  it('an unjustified referral answers REFERRAL_NEEDS_EVIDENCE_OR_JUSTIFICATION', () => {
    expect(refusalOf(run([ev({ type: 'ACCEPT' })]), ev({ type: 'PROPOSE_REFERRAL', agencyId: 'ag-1', evidenceCount: 0 }, sup1))).toEqual({
      reason: 'REFERRAL_NEEDS_EVIDENCE_OR_JUSTIFICATION',
    });
  });
  it('reopening after the window answers REOPEN_WINDOW_PASSED with the end of the window; so does a late UNMERGE', () => {
    expect(refusalOf(run([ev({ type: 'DISMISS', reason: 'r' }, staff, 1)]), ev({ type: 'REOPEN', reason: 'r', windowDays: 30 }, sup1, 40))).toEqual({
      reason: 'REOPEN_WINDOW_PASSED',
      until: at(31),
    });
    expect(refusalOf(run([ev({ type: 'MERGE', targetCaseId: 'c2' }, staff, 2)]), ev({ type: 'UNMERGE', reason: 'r', windowDays: 30 }, sup1, 40))).toEqual({
      reason: 'REOPEN_WINDOW_PASSED',
      until: at(32),
    });
  });
  it('correcting the respondent with a proposal pending answers PROPOSAL_PENDING; naming the current one RESPONDENT_UNCHANGED; outside investigating STATE_REFUSES', () => {
    const correct = (id = 'm2') => ev({ type: 'CORRECT_RESPONDENT', respondentMemberId: id, reason: 'r' });
    expect(refusalOf(run(proposed), correct())).toEqual({ reason: 'PROPOSAL_PENDING' });
    expect(refusalOf(run([ev({ type: 'ACCEPT' })]), correct('m1'))).toEqual({ reason: 'RESPONDENT_UNCHANGED' });
    expect(refusalOf(run([ev({ type: 'ACCEPT' })]), correct())).toBeNull();
    expect(refusalOf(run([]), correct())).toEqual({ reason: 'STATE_REFUSES' });
    expect(refusalOf(run([ev({ type: 'ACCEPT' }), ev({ type: 'START_MEDIATION' })]), correct())).toEqual({ reason: 'STATE_REFUSES' });
    expect(refusalOf(run([ev({ type: 'ACCEPT' }), ev({ type: 'RESOLVE', upheld: true, outcome: 'o' })]), correct())).toEqual({ reason: 'STATE_REFUSES' });
  });
  it('a follow-up answer nobody asked for answers NOT_AWAITING_FOLLOW_UP; an event the state never takes STATE_REFUSES', () => {
    expect(refusalOf(run([ev({ type: 'ACCEPT' })]), ev({ type: 'ACTION_FOLLOW_UP', happened: true }, complainant))).toEqual({ reason: 'NOT_AWAITING_FOLLOW_UP' });
    expect(refusalOf(run([]), ev({ type: 'RESOLVE', upheld: true, outcome: 'o' }))).toEqual({ reason: 'STATE_REFUSES' });
    expect(refusalOf(run([ev({ type: 'MERGE', targetCaseId: 'c2' })]), ev({ type: 'ADD_NOTE', text: 'n' }))).toEqual({ reason: 'STATE_REFUSES' });
  });
});
