import { getShortestPaths } from 'xstate/graph';
import { initialTransition, transition } from 'xstate';
import { accepts, caseMachine } from './case.machine.js';
import { transitionBranches } from './case.diagram.js';
import { denyReason, EVENT_ROLES } from './case.permissions.js';
import type { CaseActor, CaseEvent } from './case.types.js';

const staff: CaseActor = { kind: 'staff', id: 'staff-1', role: 'secretariat' };
const sup1: CaseActor = { kind: 'staff', id: 'sup-1', role: 'supervisor' };
const sup2: CaseActor = { kind: 'staff', id: 'sup-2', role: 'supervisor' };
const rep: CaseActor = { kind: 'member_rep', id: 'rep-1', role: 'member_rep', memberId: 'm1' };
const complainant: CaseActor = { kind: 'complainant', id: null, role: 'complainant' };
const liaison: CaseActor = { kind: 'liaison', id: 'le-1', role: 'law_enforcement', agencyId: 'ag-1' };
const system: CaseActor = { kind: 'system', id: null, role: 'system' };
const at = (day: number) => new Date(Date.UTC(2026, 0, 1 + day)).toISOString();

type Ev = CaseEvent;
const ev = (e: Record<string, unknown> & { type: Ev['type'] }, actor: CaseActor = staff, day = 1): Ev => ({ actor, at: at(day), ...e }) as Ev;

function run(events: Ev[], respondentMemberId: string | null = 'm1') {
  let [snap, actions] = initialTransition(caseMachine, { respondentMemberId });
  const all = [...actions];
  for (const e of events) {
    [snap, actions] = transition(caseMachine, snap, e);
    all.push(...actions);
  }
  return { snap, actions: all };
}
const valueOf = (s: { value: unknown }) => JSON.stringify(s.value);

describe('case machine (pure)', () => {
  it('starts in received and schedules the triage deadline', () => {
    const { snap, actions } = run([]);
    expect(snap.value).toBe('received');
    expect(actions.map((a) => a.type)).toContain('scheduleDeadline');
  });

  it('refuses ACCEPT without an identified respondent member, and accepts when the event names one', () => {
    const noMember = run([ev({ type: 'ACCEPT' })], null);
    expect(noMember.snap.value).toBe('received');
    const named = run([ev({ type: 'ACCEPT', respondentMemberId: 'm9' })], null);
    expect(named.snap.value).toEqual({ investigating: 'reviewing' });
    expect(named.snap.context.respondentMemberId).toBe('m9');
  });

  it('a non-member complaint can be referred from received with four eyes', () => {
    const { snap } = run(
      [
        ev({ type: 'PROPOSE_REFERRAL', agencyId: 'ag-1', justification: '涉嫌诈骗', evidenceCount: 0 }, sup1),
        ev({ type: 'APPROVE' }, sup2),
      ],
      null,
    );
    expect(snap.value).toEqual({ referred: 'pending' });
    expect(snap.context.referral).toMatchObject({ agencyId: 'ag-1' });
  });

  it('the proposer cannot approve their own proposal', () => {
    const { snap } = run([
      ev({ type: 'ACCEPT' }),
      ev({ type: 'PROPOSE_REFERRAL', agencyId: 'ag-1', evidenceCount: 2 }, sup1),
      ev({ type: 'APPROVE' }, sup1),
    ]);
    expect(snap.value).toEqual({ investigating: 'reviewing' });
    expect(snap.context.proposal?.proposedBy).toBe('sup-1');
  });

  it('a referral needs evidence or a written justification', () => {
    const { snap } = run([ev({ type: 'ACCEPT' }), ev({ type: 'PROPOSE_REFERRAL', agencyId: 'ag-1', evidenceCount: 0, justification: '  ' })]);
    expect(snap.context.proposal).toBeNull();
  });

  it('publication waits for the right of reply: the reply or the elapsed period', () => {
    const base = [ev({ type: 'ACCEPT' }), ev({ type: 'PROPOSE_PUBLICATION', summary: 's', findings: 'f' }, sup1)];
    expect(run([...base, ev({ type: 'APPROVE' }, sup2)]).snap.value).toEqual({ investigating: 'reviewing' });
    expect(run([...base, ev({ type: 'RIGHT_OF_REPLY', reply: '我们已整改' }, rep), ev({ type: 'APPROVE' }, sup2)]).snap.value).toBe('publicized');
    const elapsed = run([...base, ev({ type: 'DEADLINE_ELAPSED', deadline: 'right_of_reply' }, system), ev({ type: 'APPROVE' }, sup2)]);
    expect(elapsed.snap.value).toBe('publicized');
    expect(elapsed.actions.map((a) => a.type)).toContain('createDisclosure');
  });

  it('an approved publication is no longer pending: a publicized case can still be proposed for referral and referred', () => {
    const { snap } = run([
      ev({ type: 'ACCEPT' }),
      ev({ type: 'PROPOSE_PUBLICATION', summary: 's', findings: 'f' }, sup1),
      ev({ type: 'RIGHT_OF_REPLY', reply: '我们已整改' }, rep),
      ev({ type: 'APPROVE' }, sup2),
      ev({ type: 'PROPOSE_REFERRAL', agencyId: 'ag-1', evidenceCount: 1 }, sup1),
      ev({ type: 'APPROVE' }, sup2),
    ]);
    expect(snap.value).toEqual({ referred: 'pending' });
    expect(snap.context.proposal).toBeNull();
    expect(snap.context.referral?.agencyId).toBe('ag-1');
  });

  it('a missed respondent deadline marks the case overdue and the respondent can still answer', () => {
    const { snap } = run([
      ev({ type: 'ACCEPT' }),
      ev({ type: 'REQUEST_RESPONSE' }),
      ev({ type: 'DEADLINE_ELAPSED', deadline: 'response' }, system),
      ev({ type: 'RESPOND', response: { kind: 'unfounded', reasons: '不属实' } }, rep),
    ]);
    expect(snap.value).toEqual({ investigating: 'reviewing' });
    expect(snap.context.overdue.response).toBe(true);
    expect(snap.context.response).toMatchObject({ kind: 'unfounded' });
  });

  it('resolved closes on confirmation or timeout and reopens investigation on dispute', () => {
    const resolved = [ev({ type: 'ACCEPT' }), ev({ type: 'RESOLVE', upheld: true, outcome: '已退款' })];
    expect(run([...resolved, ev({ type: 'CONFIRM' }, complainant)]).snap.value).toBe('closed');
    expect(run([...resolved, ev({ type: 'DEADLINE_ELAPSED', deadline: 'confirmation' }, system)]).snap.value).toBe('closed');
    expect(run([...resolved, ev({ type: 'DISPUTE', reason: '未退款' }, complainant)]).snap.value).toEqual({ investigating: 'reviewing' });
  });

  it('REOPEN works only within the window after closing', () => {
    const closed = [ev({ type: 'DISMISS', reason: '重复' }, staff, 1)];
    expect(run([...closed, ev({ type: 'REOPEN', reason: '新证据', windowDays: 30 }, sup1, 20)]).snap.value).toEqual({ investigating: 'reviewing' });
    expect(run([...closed, ev({ type: 'REOPEN', reason: '新证据', windowDays: 30 }, sup1, 40)]).snap.value).toBe('dismissed');
  });

  it('withdrawn is final and accepts nothing; a merged case accepts nothing but UNMERGE', () => {
    const w = run([ev({ type: 'WITHDRAW' }, complainant)]);
    expect(w.snap.status).toBe('done');
    expect(accepts(w.snap, ev({ type: 'ADD_NOTE', text: 'x' }))).toBe(false);
    const m = run([ev({ type: 'MERGE', targetCaseId: 'c2' })]);
    expect(m.snap.value).toBe('merged');
    expect(m.snap.context).toMatchObject({ mergedInto: 'c2', mergedAt: at(1), mergedFrom: 'received' });
    for (const e of [ev({ type: 'ADD_NOTE', text: 'x' }), ev({ type: 'ASSIGN', assigneeId: 's' }), ev({ type: 'ACCEPT' }), ev({ type: 'DISMISS', reason: 'r' }),
      ev({ type: 'MERGE', targetCaseId: 'c3' }), ev({ type: 'REOPEN', reason: 'r', windowDays: 30 }, sup1), ev({ type: 'ADD_INFORMATION', text: 'i' }, complainant),
      ev({ type: 'WITHDRAW' }, complainant), ev({ type: 'DEADLINE_ELAPSED', deadline: 'resolution' }, system)]) {
      expect([e.type, accepts(m.snap, e)]).toEqual([e.type, false]);
    }
    expect(accepts(m.snap, ev({ type: 'UNMERGE', reason: '误合并', windowDays: 30 }, sup1, 5))).toBe(true);
  });

  it('a supervisor undoes a merge within the window: back to where it was merged from, with its deadlines', () => {
    const fromReceived = run([ev({ type: 'MERGE', targetCaseId: 'c2' }, staff, 1), ev({ type: 'UNMERGE', reason: '误合并', windowDays: 30 }, sup1, 10)]);
    expect(fromReceived.snap.value).toBe('received');
    expect(fromReceived.snap.context).toMatchObject({ mergedInto: null, mergedAt: null, mergedFrom: null });
    const merge = [ev({ type: 'ACCEPT' }), ev({ type: 'REQUEST_RESPONSE' }), ev({ type: 'MERGE', targetCaseId: 'c2' }, staff, 2)];
    const back = run([...merge, ev({ type: 'UNMERGE', reason: '误合并', windowDays: 30 }, sup1, 31)]);
    expect(back.snap.value).toEqual({ investigating: 'reviewing' });
    const late = run([...merge, ev({ type: 'UNMERGE', reason: '误合并', windowDays: 30 }, sup1, 33)]);
    expect(late.snap.value).toBe('merged');
    const merging = run(merge);
    const [, unmergeActions] = transition(caseMachine, merging.snap, ev({ type: 'UNMERGE', reason: 'r', windowDays: 30 }, sup1, 3));
    expect(unmergeActions.filter((a) => a.type === 'scheduleDeadline').map((a) => (a.params as { kind: string }).kind)).toEqual(['resolution']);
    expect(merging.actions.filter((a) => a.type === 'notify').map((a) => (a.params as { template: string }).template)).toContain('case_merged');
  });

  describe('correcting the respondent (CORRECT_RESPONDENT)', () => {
    const correct = (id = 'm2') => ev({ type: 'CORRECT_RESPONDENT', respondentMemberId: id, reason: '域名匹配有误' }, staff, 3);
    const kindsOf = (actions: { type: string; params?: unknown }[], type: string) =>
      actions.filter((a) => a.type === type).map((a) => (a.params as { kind?: string; template?: string }).kind ?? (a.params as { template: string }).template);

    it('in reviewing: the respondent changes and the previous one\'s answer and promise go; no deadline or message for the new one', () => {
      const { snap } = run([ev({ type: 'ACCEPT' }), ev({ type: 'REQUEST_RESPONSE' }), ev({ type: 'RESPOND', response: { kind: 'not_concerned' } }, rep)]);
      const [next, actions] = transition(caseMachine, snap, correct());
      expect(next.value).toEqual({ investigating: 'reviewing' });
      expect(next.context).toMatchObject({ respondentMemberId: 'm2', response: null, followUp: null });
      expect(kindsOf(actions, 'scheduleDeadline')).toEqual([]);
      expect(kindsOf(actions, 'cancelDeadline')).toEqual(['promised_action']);
      expect(kindsOf(actions, 'notify')).toEqual([]);
    });

    it('in awaiting_response: the previous deadline is settled and a fresh one started, and the new respondent is asked', () => {
      const { snap } = run([ev({ type: 'ACCEPT' }), ev({ type: 'REQUEST_RESPONSE' })]);
      const [next, actions] = transition(caseMachine, snap, correct());
      expect(next.value).toEqual({ investigating: 'awaiting_response' });
      expect(next.context.respondentMemberId).toBe('m2');
      expect(kindsOf(actions, 'cancelDeadline')).toEqual(['response', 'promised_action']);
      expect(kindsOf(actions, 'scheduleDeadline')).toEqual(['response']);
      expect(kindsOf(actions, 'notify')).toEqual(['response_requested']);
      // The cancel comes before the start: the dispatcher settles the old deadline, then inserts the new one.
      expect(actions.findIndex((a) => a.type === 'cancelDeadline')).toBeLessThan(actions.findIndex((a) => a.type === 'scheduleDeadline'));
    });

    it('is refused with a pending proposal, for the current respondent, and outside investigating', () => {
      const accepted = [ev({ type: 'ACCEPT' })];
      expect(accepts(run(accepted).snap, correct('m1'))).toBe(false);
      expect(accepts(run([...accepted, ev({ type: 'PROPOSE_PUBLICATION', summary: 's', findings: 'f' }, sup1)]).snap, correct())).toBe(false);
      expect(accepts(run([...accepted, ev({ type: 'REQUEST_RESPONSE' }), ev({ type: 'PROPOSE_REFERRAL', agencyId: 'ag-1', evidenceCount: 1 }, sup1)]).snap, correct())).toBe(false);
      const refusedIn = {
        received: [],
        mediating: [...accepted, ev({ type: 'START_MEDIATION' })],
        resolved: [...accepted, ev({ type: 'RESOLVE', upheld: true, outcome: 'o' })],
        publicized: [...accepted, ev({ type: 'PROPOSE_PUBLICATION', summary: 's', findings: 'f' }, sup1), ev({ type: 'RIGHT_OF_REPLY', reply: 'r' }, rep), ev({ type: 'APPROVE' }, sup2)],
        referred: [...accepted, ev({ type: 'PROPOSE_REFERRAL', agencyId: 'ag-1', evidenceCount: 1 }, sup1), ev({ type: 'APPROVE' }, sup2)],
        closed: [...accepted, ev({ type: 'RESOLVE', upheld: true, outcome: 'o' }), ev({ type: 'CONFIRM' }, complainant)],
        dismissed: [...accepted, ev({ type: 'DISMISS', reason: 'r' })],
        withdrawn: [ev({ type: 'WITHDRAW' }, complainant)],
        merged: [...accepted, ev({ type: 'MERGE', targetCaseId: 'c2' })],
      };
      for (const [state, events] of Object.entries(refusedIn)) expect([state, accepts(run(events).snap, correct())]).toEqual([state, false]);
      expect(accepts(run(accepted).snap, correct())).toBe(true);
      expect(accepts(run([...accepted, ev({ type: 'REQUEST_RESPONSE' })]).snap, correct())).toBe(true);
    });

    it('only staff may correct the respondent', () => {
      const ctx = run([ev({ type: 'ACCEPT' })]).snap.context;
      expect(denyReason(staff, 'CORRECT_RESPONDENT', ctx)).toBeNull();
      expect(denyReason(sup1, 'CORRECT_RESPONDENT', ctx)).toBeNull();
      for (const who of [rep, complainant, liaison, system]) expect(denyReason(who, 'CORRECT_RESPONDENT', ctx)).toBe('role');
    });
  });

  it('the snapshot round-trips through JSON and resolveState', () => {
    const { snap } = run([ev({ type: 'ACCEPT' }), ev({ type: 'REQUEST_RESPONSE' })]);
    const persisted = JSON.parse(JSON.stringify(caseMachine.getPersistedSnapshot(snap)));
    const restored = caseMachine.resolveState({ value: persisted.value, context: persisted.context });
    const [next] = transition(caseMachine, restored, ev({ type: 'RESPOND', response: { kind: 'not_concerned' } }, rep));
    expect(next.value).toEqual({ investigating: 'reviewing' });
  });

  describe('graph paths over the machine', () => {
    const sample: Ev[] = [
      ev({ type: 'ACCEPT' }), ev({ type: 'DISMISS', reason: 'r' }), ev({ type: 'MERGE', targetCaseId: 'c2' }), ev({ type: 'REQUEST_RESPONSE' }),
      ev({ type: 'RESPOND', response: { kind: 'action_promised', action: '下架', by: at(10) } }, rep), ev({ type: 'START_MEDIATION' }),
      ev({ type: 'RECORD_MEDIATION_SESSION', summary: 's' }), ev({ type: 'AGREEMENT', terms: 't' }), ev({ type: 'MEDIATION_FAILED', reason: 'r' }),
      ev({ type: 'RESOLVE', upheld: true, outcome: 'o' }), ev({ type: 'PROPOSE_PUBLICATION', summary: 's', findings: 'f' }, sup1),
      ev({ type: 'PROPOSE_REFERRAL', agencyId: 'ag-1', evidenceCount: 1 }, sup1), ev({ type: 'APPROVE' }, sup2),
      ev({ type: 'REJECT_PROPOSAL', reason: 'r' }, sup2), ev({ type: 'RIGHT_OF_REPLY', reply: 'r' }, rep),
      ev({ type: 'LE_ACKNOWLEDGE', referenceNumber: 'GA-1' }, liaison), ev({ type: 'LE_CONCLUDE', outcome: '立案' }, liaison),
      ev({ type: 'RETRACT_REFERRAL', reason: 'r' }, sup2), ev({ type: 'CONFIRM' }, complainant), ev({ type: 'DISPUTE', reason: 'r' }, complainant),
      ev({ type: 'WITHDRAW' }, complainant), ev({ type: 'CLOSE' }), ev({ type: 'REOPEN', reason: 'r', windowDays: 30 }, sup1),
      ev({ type: 'UNMERGE', reason: 'r', windowDays: 30 }, sup1),
      ev({ type: 'ADD_INFORMATION', text: 'i' }, complainant), ev({ type: 'ASSIGN', assigneeId: 'staff-2' }), ev({ type: 'ADD_NOTE', text: 'n' }),
      ev({ type: 'ACTION_FOLLOW_UP', happened: true }, complainant),
      ev({ type: 'CORRECT_RESPONDENT', respondentMemberId: 'm2', reason: 'r' }), ev({ type: 'CORRECT_RESPONDENT', respondentMemberId: 'm1', reason: 'r' }),
      ...(['triage', 'response', 'mediation', 'resolution', 'right_of_reply', 'confirmation', 'promised_action'] as const).map((d) =>
        ev({ type: 'DEADLINE_ELAPSED', deadline: d }, system),
      ),
      // After the reopen window: refused everywhere, so they add no state, only the windows' refusals.
      ev({ type: 'REOPEN', reason: 'r', windowDays: 30 }, sup1, 400), ev({ type: 'UNMERGE', reason: 'r', windowDays: 30 }, sup1, 400),
    ];
    // Serialise by state and the context that guards read (a follow-up asked and not yet answered included), so the graph stays finite.
    const key = (s: { value: unknown; context: { proposal: { kind: string } | null; rightOfReply: { reply: string | null; elapsed: boolean } | null; referral: unknown; followUp: { happened: boolean | null } | null; mergedFrom: string | null } }) =>
      JSON.stringify([s.value, s.context.proposal?.kind ?? null, s.context.rightOfReply ? [s.context.rightOfReply.reply !== null, s.context.rightOfReply.elapsed] : null, s.context.referral !== null, s.context.followUp ? s.context.followUp.happened : 'none', s.context.mergedFrom]);
    const paths = [null, 'm1'].flatMap((respondentMemberId) =>
      getShortestPaths(caseMachine, { events: sample, input: { respondentMemberId }, serializeState: key as never }),
    );

    /**
     * Branches no reachable path takes, or whose guard never refuses, each with the reason. Empty today: a new
     * guarded branch fails the test below until a path takes it and another sees its guard refuse (or it is listed here).
     */
    const UNEXERCISED: Record<string, string> = {};

    /** For every branch: taken on some path, and (when guarded) passed over on another where its state is active and the event arrives. */
    const exercise = () => {
      const branches = transitionBranches();
      const byDefinition = new Map(branches.map((b) => [b.definition, b]));
      const taken = new Set<string>();
      const refused = new Set<string>();
      for (const p of paths) {
        for (const e of sample) {
          const chosen = accepts(p.state, e) ? caseMachine.getTransitionData(p.state, e) : [];
          for (const t of chosen) {
            const branch = byDefinition.get(t);
            if (!branch) throw new Error(`a transition outside the enumerated branches: ${e.type} in ${JSON.stringify(p.state.value)}`);
            taken.add(branch.id);
          }
          const active = new Set([...p.state._nodes].map((n) => n.id.replace(/^case\.?/, '') || '*'));
          for (const b of branches) {
            if (b.guard && b.event === e.type && active.has(b.state) && !chosen.includes(b.definition as never)) refused.add(b.id);
          }
        }
      }
      return { branches, taken, refused };
    };
    const { branches, taken, refused } = exercise();

    it('visit every state', () => {
      const reached = new Set(paths.map((p) => valueOf(p.state)));
      for (const v of ['"received"', '{"investigating":"reviewing"}', '{"investigating":"awaiting_response"}', '"mediating"', '"resolved"', '"publicized"',
        '{"referred":"pending"}', '{"referred":"acknowledged"}', '"closed"', '"dismissed"', '"withdrawn"', '"merged"']) {
        expect(reached).toContain(v);
      }
    });

    it('every guard is named (no inline guard functions) and every branch is one of the enumerated ones', () => {
      expect(branches.filter((b) => b.guard?.includes('inline')).map((b) => b.id)).toEqual([]);
      expect(new Set(branches.map((b) => b.id)).size).toBe(branches.length);
      expect(branches.filter((b) => b.guard).length).toBeGreaterThanOrEqual(20);
    });

    it('take every transition branch (state, event, guard) on some path, and see every guard refuse on another', () => {
      const missing = branches.filter((b) => !(b.id in UNEXERCISED)).flatMap((b) => [
        ...(taken.has(b.id) ? [] : [`never taken: ${b.id}`]),
        ...(b.guard && !refused.has(b.id) ? [`guard never refuses: ${b.id}`] : []),
      ]);
      expect(missing).toEqual([]);
      // The exceptions stay honest: an entry whose branch is now exercised is removed from the list.
      expect(Object.keys(UNEXERCISED).filter((id) => taken.has(id) && (!branches.find((b) => b.id === id)?.guard || refused.has(id)))).toEqual([]);
    });
  });
});

describe('case permissions (pure)', () => {
  const ctx = run([ev({ type: 'ACCEPT' })]).snap.context;
  it('a member_rep answers only for their own organisation', () => {
    expect(denyReason(rep, 'RESPOND', ctx)).toBeNull();
    expect(denyReason({ ...rep, memberId: 'other' }, 'RESPOND', ctx)).toBe('not_own_member');
    expect(denyReason(rep, 'ACCEPT', ctx)).toBe('role');
  });
  it('a liaison acts only on referrals to their own agency', () => {
    const referred = { ...ctx, referral: { agencyId: 'ag-1', referenceNumber: null, outcome: null } };
    expect(denyReason(liaison, 'LE_ACKNOWLEDGE', referred)).toBeNull();
    expect(denyReason({ ...liaison, agencyId: 'ag-2' }, 'LE_ACKNOWLEDGE', referred)).toBe('not_own_agency');
  });
  it('the complainant can only withdraw, add information, confirm or dispute', () => {
    const allowed = (Object.keys(EVENT_ROLES) as Ev['type'][]).filter((t) => denyReason(complainant, t, ctx) === null).sort();
    expect(allowed).toEqual(['ACTION_FOLLOW_UP', 'ADD_INFORMATION', 'CONFIRM', 'DISPUTE', 'WITHDRAW']);
  });
  it('only supervisors approve and reopen; only the system reports elapsed deadlines', () => {
    expect(denyReason(staff, 'APPROVE', ctx)).toBe('role');
    expect(denyReason(sup1, 'APPROVE', ctx)).toBeNull();
    expect(denyReason(staff, 'REOPEN', ctx)).toBe('role');
    expect(denyReason(staff, 'DEADLINE_ELAPSED', ctx)).toBe('role');
    expect(denyReason(system, 'DEADLINE_ELAPSED', ctx)).toBeNull();
  });
});
