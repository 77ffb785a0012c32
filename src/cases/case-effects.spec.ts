import { initialTransition, transition } from 'xstate';
import { flattenState } from './case-state.js';
import { type CaseEffect, deadlineEffectsOf, type EffectCase, effectsOf } from './case-effects.js';
import { caseMachine } from './machine/case.machine.js';
import type { CaseActor, CaseEvent } from './machine/case.types.js';

const staff: CaseActor = { kind: 'staff', id: 'staff-1', role: 'secretariat' };
const sup1: CaseActor = { kind: 'staff', id: 'sup-1', role: 'supervisor' };
const sup2: CaseActor = { kind: 'staff', id: 'sup-2', role: 'supervisor' };
const rep: CaseActor = { kind: 'member_rep', id: 'rep-1', role: 'member_rep', memberId: 'm1' };
const AT = '2026-03-02T02:00:00.000Z';
const ev = (e: Record<string, unknown> & { type: CaseEvent['type'] }, actor: CaseActor = staff): CaseEvent => ({ actor, at: AT, ...e }) as CaseEvent;

const CASE: EffectCase = { id: 'case-1', reference: 'TS-2026-000001', state: 'received', phase: null, partnerId: null, externalId: null, deadlines: { triageDays: 2 } as never, test: false };

/** Replays `history`, then maps the effects of `last` as the door would (the case row as the history left it). */
function effectsAfter(history: CaseEvent[], last: CaseEvent, row: Partial<EffectCase> = {}, mergedIntoReference?: string): CaseEffect[] {
  let [snap] = initialTransition(caseMachine, { respondentMemberId: 'm1' });
  for (const e of history) [snap] = transition(caseMachine, snap, e);
  const from = flattenState(snap.value);
  const [next, actions] = transition(caseMachine, snap, last);
  const to = flattenState(next.value);
  return effectsOf({
    case: { ...CASE, state: from.state, phase: from.phase, ...row }, actions, before: snap.context, after: next.context, event: last,
    toState: to.state, toPhase: to.phase, mergedIntoReference,
  });
}

const kinds = (effects: CaseEffect[]) => effects.map((e) => ('deadline' in e ? `${e.kind}:${e.deadline}` : e.kind === 'notify' ? `notify:${e.to}:${e.template}` : e.kind));

describe('the effects of a transition (pure)', () => {
  it('a new case starts its triage deadline with its category overrides', () => {
    const [snap, actions] = initialTransition(caseMachine, { respondentMemberId: null });
    expect(deadlineEffectsOf({ id: 'case-1', deadlines: { triageDays: 2 } as never }, actions, snap.context)).toEqual([
      { kind: 'deadline.start', caseId: 'case-1', deadline: 'triage', overrides: { triageDays: 2 } },
    ]);
  });

  it('ACCEPT cancels triage and starts resolution, deadlines first; no callback for a case without a partner', () => {
    expect(kinds(effectsAfter([], ev({ type: 'ACCEPT' })))).toEqual(['deadline.cancel:triage', 'deadline.start:resolution']);
  });

  it("a partner's case gets one callback naming the old and new state when the state or phase changes, and none otherwise", () => {
    const row = { partnerId: 'p-1', externalId: 'ext-9' };
    const accepted = effectsAfter([], ev({ type: 'ACCEPT' }), row);
    expect(accepted.at(-1)).toEqual({
      kind: 'callback', partnerId: 'p-1', caseId: 'case-1',
      body: { reference: 'TS-2026-000001', externalId: 'ext-9', state: 'investigating', phase: 'reviewing', previousState: 'received', event: 'ACCEPT', occurredAt: AT, test: false },
    });
    expect(kinds(effectsAfter([ev({ type: 'ACCEPT' })], ev({ type: 'ADD_NOTE', text: 'n' }), row))).toEqual([]);
    // A change of phase alone is a change the partner hears of.
    expect(kinds(effectsAfter([ev({ type: 'ACCEPT' })], ev({ type: 'REQUEST_RESPONSE' }), row))).toEqual([
      'deadline.start:response', 'notify:respondent:response_requested', 'callback',
    ]);
  });

  it('messages name their recipient by reference: the respondent member, the complainant by case id, supervisors by none', () => {
    const accepted = [ev({ type: 'ACCEPT' })];
    const [, notice] = effectsAfter(accepted, ev({ type: 'REQUEST_RESPONSE' }));
    expect(notice).toEqual({ kind: 'notify', caseId: 'case-1', to: 'respondent', recipientRef: 'm1', template: 'response_requested', payload: { reference: 'TS-2026-000001' } });
    const complainant: CaseActor = { kind: 'complainant', id: null, role: 'complainant' };
    const info = effectsAfter(accepted, ev({ type: 'ADD_INFORMATION', text: 'more' }, complainant));
    expect(info).toEqual([{ kind: 'notify', caseId: 'case-1', to: 'supervisors', recipientRef: null, template: 'information_added', payload: { reference: 'TS-2026-000001' } }]);
  });

  it('a proposal asks the supervisors for approval, leaving out the proposer (four eyes); staff adding information are not told of it either', () => {
    const accepted = [ev({ type: 'ACCEPT' })];
    const publication = effectsAfter(accepted, ev({ type: 'PROPOSE_PUBLICATION', summary: 's', findings: 'f' }, sup1));
    expect(publication.filter((e) => e.kind === 'notify')).toEqual([
      { kind: 'notify', caseId: 'case-1', to: 'respondent', recipientRef: 'm1', template: 'right_of_reply_opened', payload: { reference: 'TS-2026-000001' } },
      { kind: 'notify', caseId: 'case-1', to: 'supervisors', recipientRef: null, template: 'publication_proposed', payload: { reference: 'TS-2026-000001', exceptUserId: 'sup-1' } },
    ]);
    const referral = effectsAfter(accepted, ev({ type: 'PROPOSE_REFERRAL', agencyId: 'ag-1', justification: 'fraud', evidenceCount: 0 }, staff));
    expect(referral).toContainEqual({ kind: 'notify', caseId: 'case-1', to: 'supervisors', recipientRef: null, template: 'referral_proposed', payload: { reference: 'TS-2026-000001', exceptUserId: 'staff-1' } });
    expect(effectsAfter(accepted, ev({ type: 'ADD_INFORMATION', text: 'more' }, staff))[0]).toMatchObject({ payload: { exceptUserId: 'staff-1' } });
  });

  it('the respondent hears that its answer is overdue when the response deadline elapses', () => {
    const asked = [ev({ type: 'ACCEPT' }), ev({ type: 'REQUEST_RESPONSE' })];
    const system: CaseActor = { kind: 'system', id: null, role: 'system' };
    const elapsed = effectsAfter(asked, ev({ type: 'DEADLINE_ELAPSED', deadline: 'response' }, system));
    expect(elapsed).toEqual([{ kind: 'notify', caseId: 'case-1', to: 'respondent', recipientRef: 'm1', template: 'response_overdue', payload: { reference: 'TS-2026-000001' } }]);
  });

  it('the respondent hears each decision in neutral words: upheld or not, settled by mediation, dismissed, published; not a dismissal at triage', () => {
    const decided = (history: CaseEvent[], last: CaseEvent) => effectsAfter(history, last).filter((e) => e.kind === 'notify' && e.to === 'respondent');
    const accepted = [ev({ type: 'ACCEPT' })];
    const decision = (history: CaseEvent[], last: CaseEvent) => decided(history, last).map((e) => (e.kind === 'notify' ? [e.template, e.payload.decision] : []));
    expect(decision(accepted, ev({ type: 'RESOLVE', upheld: true, outcome: 'refund' }))).toEqual([['case_decided', 'upheld']]);
    expect(decision(accepted, ev({ type: 'RESOLVE', upheld: false, outcome: 'no breach' }))).toEqual([['case_decided', 'not_upheld']]);
    expect(decision([...accepted, ev({ type: 'START_MEDIATION' })], ev({ type: 'AGREEMENT', terms: 'refund' }))).toEqual([['case_decided', 'mediated']]);
    expect(decision(accepted, ev({ type: 'DISMISS', reason: 'unfounded' }))).toEqual([['case_decided', 'dismissed']]);
    expect(decision([], ev({ type: 'DISMISS', reason: 'out of scope' }))).toEqual([]);
    const proposed = [...accepted, ev({ type: 'PROPOSE_PUBLICATION', summary: 's', findings: 'f' }, sup1), ev({ type: 'RIGHT_OF_REPLY', reply: 'r' }, rep)];
    expect(decision(proposed, ev({ type: 'APPROVE' }, sup2))).toEqual([['case_decided', 'published']]);
    // Only the reference and the decision: nothing of the finding's text.
    expect(decided(accepted, ev({ type: 'RESOLVE', upheld: true, outcome: 'refund of 300 yuan' }))[0]).toMatchObject({ payload: { reference: 'TS-2026-000001', decision: 'upheld' } });
    expect(JSON.stringify(decided(accepted, ev({ type: 'RESOLVE', upheld: true, outcome: 'refund of 300 yuan' })))).not.toContain('refund');
  });

  it('a merge tells the complainant which case it went to', () => {
    const effects = effectsAfter([ev({ type: 'ACCEPT' })], ev({ type: 'MERGE', targetCaseId: 'case-2' }), {}, 'TS-2026-000002');
    expect(effects.find((e) => e.kind === 'notify')).toEqual({
      kind: 'notify', caseId: 'case-1', to: 'complainant', recipientRef: 'case-1', template: 'case_merged', payload: { reference: 'TS-2026-000001', mergedIntoReference: 'TS-2026-000002' },
    });
  });

  it('a promised action starts a deadline on the promised date; another answer starts none', () => {
    const asked = [ev({ type: 'ACCEPT' }), ev({ type: 'REQUEST_RESPONSE' })];
    const promised = effectsAfter(asked, ev({ type: 'RESPOND', response: { kind: 'action_promised', action: 'refund', by: '2026-04-01T00:00:00.000Z' } }, rep));
    expect(promised.filter((e) => e.kind === 'deadline.start')).toEqual([
      { kind: 'deadline.start', caseId: 'case-1', deadline: 'promised_action', overrides: { triageDays: 2 }, promisedBy: '2026-04-01T00:00:00.000Z' },
    ]);
    const unfounded = effectsAfter(asked, ev({ type: 'RESPOND', response: { kind: 'unfounded', reasons: 'no' } }, rep));
    expect(kinds(unfounded)).toEqual(['deadline.cancel:response', 'notify:complainant:respondent_answered']);
  });

  it('approving a publication publishes the proposal the approval cleared, after the deadlines are cancelled', () => {
    const history = [
      ev({ type: 'ACCEPT' }),
      ev({ type: 'PROPOSE_PUBLICATION', summary: 's', findings: 'f' }, sup1),
      ev({ type: 'RIGHT_OF_REPLY', reply: 'we disagree' }, rep),
    ];
    const effects = effectsAfter(history, ev({ type: 'APPROVE' }, sup2));
    expect(kinds(effects)).toEqual(['deadline.cancel:right_of_reply', 'deadline.cancel:resolution', 'disclosure.publish', 'notify:respondent:case_decided']);
    expect(effects[2]).toMatchObject({
      kind: 'disclosure.publish', caseId: 'case-1', approvedBy: 'sup-2', at: AT,
      proposal: { kind: 'publication', proposedBy: 'sup-1', summary: 's', findings: 'f' },
      rightOfReply: { reply: 'we disagree' },
    });
  });

  it('approving a referral builds the packet for the referral agency; retracting it marks it retracted with the reason', () => {
    const proposed = [ev({ type: 'ACCEPT' }), ev({ type: 'PROPOSE_REFERRAL', agencyId: 'ag-1', justification: 'fraud', evidenceCount: 0 }, sup1)];
    const approved = effectsAfter(proposed, ev({ type: 'APPROVE' }, sup2));
    // The transition's own actions come before the entry actions of the state it enters.
    expect(kinds(approved)).toEqual(['deadline.cancel:resolution', 'referral.packet', 'notify:agency:referral_sent']);
    expect(approved[2]).toMatchObject({ recipientRef: 'ag-1' });
    expect(approved[1]).toMatchObject({ kind: 'referral.packet', agencyId: 'ag-1', approvedBy: 'sup-2', approvedAt: AT, proposal: { kind: 'referral', proposedBy: 'sup-1' } });
    const retracted = effectsAfter([...proposed, ev({ type: 'APPROVE' }, sup2)], ev({ type: 'RETRACT_REFERRAL', reason: 'wrong agency' }, sup1));
    expect(retracted).toContainEqual({ kind: 'referral.retract', caseId: 'case-1', reason: 'wrong agency', retractedBy: 'sup-1', at: AT });
    expect(kinds(retracted)).toEqual(['deadline.start:resolution', 'referral.retract']);
  });

  it('the agency acknowledging and then concluding a referral records each milestone on the referral', () => {
    const le: CaseActor = { kind: 'liaison', id: 'le-1', role: 'law_enforcement', agencyId: 'ag-1' };
    const referred = [ev({ type: 'ACCEPT' }), ev({ type: 'PROPOSE_REFERRAL', agencyId: 'ag-1', justification: 'fraud', evidenceCount: 0 }, sup1), ev({ type: 'APPROVE' }, sup2)];
    const acknowledged = effectsAfter(referred, ev({ type: 'LE_ACKNOWLEDGE', referenceNumber: 'GA-2026-1' }, le));
    expect(acknowledged).toContainEqual({ kind: 'referral.acknowledge', caseId: 'case-1', referenceNumber: 'GA-2026-1', at: AT });
    const concluded = effectsAfter([...referred, ev({ type: 'LE_ACKNOWLEDGE', referenceNumber: 'GA-2026-1' }, le)], ev({ type: 'LE_CONCLUDE', outcome: 'fined' }, le));
    expect(concluded).toContainEqual({ kind: 'referral.conclude', caseId: 'case-1', outcome: 'fined', at: AT });
  });
});
