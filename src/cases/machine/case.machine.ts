import { and, assign, not, setup, stateIn } from 'xstate';
import type { CaseContext, CaseEvent, CaseInput, DeadlineKind, RespondentResponse } from './case.types.js';

/**
 * The case lifecycle. Pure: no I/O, no clock, no database. Time and the actor arrive on each event
 * (`at`, `actor`); effects are named actions (`scheduleDeadline`, `notify`, …) that the case service
 * carries out after the transition is computed with xstate's pure `transition()`.
 */
type E<T extends CaseEvent['type']> = Extract<CaseEvent, { type: T }>;

const deadline = (kind: DeadlineKind) => ({ type: 'scheduleDeadline' as const, params: { kind } });
const cancel = (kind: DeadlineKind) => ({ type: 'cancelDeadline' as const, params: { kind } });
const notify = (to: 'respondent' | 'complainant' | 'supervisors' | 'agency', template: string) => ({
  type: 'notify' as const,
  params: { to, template },
});

const DAY_MS = 86_400_000;

export const caseMachine = setup({
  types: {
    context: {} as CaseContext,
    events: {} as CaseEvent,
    input: {} as CaseInput,
  },
  actions: {
    // Effects: named here, executed by CaseTransitionsService.
    scheduleDeadline: (_, _params: { kind: DeadlineKind }) => undefined,
    cancelDeadline: (_, _params: { kind: DeadlineKind }) => undefined,
    notify: (_, _params: { to: string; template: string }) => undefined,
    createDisclosure: () => undefined,
    buildReferralPacket: () => undefined,
    retractReferral: () => undefined,
    /** The event changes nothing but the case history (a note, added information). */
    recordOnly: () => undefined,
    // Context updates.
    setRespondent: assign({
      respondentMemberId: ({ context, event }) => (event as E<'ACCEPT'>).respondentMemberId ?? context.respondentMemberId,
    }),
    setAssignee: assign({ assigneeId: ({ event }) => (event as E<'ASSIGN'>).assigneeId }),
    recordResponse: assign({
      response: ({ event }) => ({ ...((event as E<'RESPOND'>).response as RespondentResponse), at: event.at }),
      overdue: ({ context }) => ({ ...context.overdue }),
    }),
    markOverdue: assign({
      overdue: ({ context, event }) => {
        const kind = (event as E<'DEADLINE_ELAPSED'>).deadline;
        return kind === 'triage' || kind === 'response' || kind === 'resolution' ? { ...context.overdue, [kind]: true } : context.overdue;
      },
    }),
    countMediationSession: assign({ mediationSessions: ({ context }) => context.mediationSessions + 1 }),
    recordFinding: assign({
      finding: ({ event }) => {
        if (event.type === 'RESOLVE') return { upheld: event.upheld, outcome: event.outcome };
        if (event.type === 'AGREEMENT') return { upheld: true, outcome: `mediated: ${event.terms}` };
        return null;
      },
    }),
    proposePublication: assign({
      proposal: ({ event }) => {
        const e = event as E<'PROPOSE_PUBLICATION'>;
        return { kind: 'publication' as const, proposedBy: e.actor.id ?? '', at: e.at, summary: e.summary, findings: e.findings };
      },
      rightOfReply: ({ event }) => ({ requestedAt: event.at, reply: null, repliedAt: null, elapsed: false }),
    }),
    proposeReferral: assign({
      proposal: ({ event }) => {
        const e = event as E<'PROPOSE_REFERRAL'>;
        return { kind: 'referral' as const, proposedBy: e.actor.id ?? '', at: e.at, agencyId: e.agencyId, justification: e.justification };
      },
    }),
    clearProposal: assign({ proposal: () => null }),
    startReferral: assign({
      referral: ({ context }) => ({ agencyId: context.proposal?.agencyId ?? '', referenceNumber: null, outcome: null }),
      proposal: () => null,
    }),
    recordReply: assign({
      rightOfReply: ({ context, event }) =>
        context.rightOfReply
          ? { ...context.rightOfReply, reply: (event as E<'RIGHT_OF_REPLY'>).reply, repliedAt: event.at }
          : { requestedAt: event.at, reply: (event as E<'RIGHT_OF_REPLY'>).reply, repliedAt: event.at, elapsed: false },
    }),
    replyPeriodElapsed: assign({
      rightOfReply: ({ context }) => (context.rightOfReply ? { ...context.rightOfReply, elapsed: true } : null),
    }),
    acknowledgeReferral: assign({
      referral: ({ context, event }) =>
        context.referral ? { ...context.referral, referenceNumber: (event as E<'LE_ACKNOWLEDGE'>).referenceNumber } : null,
    }),
    concludeReferral: assign({
      referral: ({ context, event }) => (context.referral ? { ...context.referral, outcome: (event as E<'LE_CONCLUDE'>).outcome } : null),
    }),
    clearReferral: assign({ referral: () => null }),
    markClosed: assign({ closedAt: ({ event }) => event.at }),
    clearClosed: assign({ closedAt: () => null, finding: () => null }),
    setMerged: assign(({ event }, params: { from: 'received' | 'investigating' }) => ({
      mergedInto: (event as E<'MERGE'>).targetCaseId,
      mergedAt: event.at,
      mergedFrom: params.from,
    })),
    clearMerged: assign({ mergedInto: () => null, mergedAt: () => null, mergedFrom: () => null }),
    promisedActionDue: assign({ followUp: () => ({ asked: true, happened: null, note: null }) }),
    recordFollowUp: assign({
      followUp: ({ event }) => ({ asked: true, happened: (event as E<'ACTION_FOLLOW_UP'>).happened, note: (event as E<'ACTION_FOLLOW_UP'>).note ?? null }),
    }),
  },
  guards: {
    hasRespondentMember: ({ context, event }) => Boolean((event as E<'ACCEPT'>).respondentMemberId ?? context.respondentMemberId),
    hasNoRespondentMember: ({ context }) => !context.respondentMemberId,
    referralJustified: ({ event }) => {
      const e = event as E<'PROPOSE_REFERRAL'>;
      return e.evidenceCount > 0 || Boolean(e.justification?.trim());
    },
    noPendingProposal: ({ context }) => context.proposal === null,
    hasPendingProposal: ({ context }) => context.proposal !== null,
    /** Four eyes: a supervisor other than the proposer; publication also waits for the right of reply. */
    canApprovePublication: ({ context, event }) =>
      context.proposal?.kind === 'publication' &&
      event.actor.id !== null &&
      event.actor.id !== context.proposal.proposedBy &&
      Boolean(context.rightOfReply && (context.rightOfReply.reply !== null || context.rightOfReply.elapsed)),
    canApproveReferral: ({ context, event }) =>
      context.proposal?.kind === 'referral' && event.actor.id !== null && event.actor.id !== context.proposal.proposedBy,
    publicationPending: ({ context }) => context.proposal?.kind === 'publication',
    isDeadline: ({ event }, params: { kind: DeadlineKind }) => (event as E<'DEADLINE_ELAPSED'>).deadline === params.kind,
    awaitingFollowUp: ({ context }) => context.followUp?.asked === true && context.followUp.happened === null,
    withinReopenWindow: ({ context, event }) => {
      const e = event as E<'REOPEN'>;
      return context.closedAt !== null && Date.parse(e.at) - Date.parse(context.closedAt) <= e.windowDays * DAY_MS;
    },
    /** A wrong merge can be undone within the reopen window, counted from the merge (older snapshots lack mergedAt). */
    withinUnmergeWindow: ({ context, event }) => {
      const e = event as E<'UNMERGE'>;
      return Boolean(context.mergedAt) && Date.parse(e.at) - Date.parse(context.mergedAt as string) <= e.windowDays * DAY_MS;
    },
    mergedFrom: ({ context }, params: { state: 'received' | 'investigating' }) => context.mergedFrom === params.state,
  },
}).createMachine({
  id: 'case',
  context: ({ input }) => ({
    respondentMemberId: input.respondentMemberId,
    assigneeId: null,
    proposal: null,
    rightOfReply: null,
    overdue: { triage: false, response: false, resolution: false },
    response: null,
    finding: null,
    mediationSessions: 0,
    referral: null,
    closedAt: null,
    mergedInto: null,
    mergedAt: null,
    mergedFrom: null,
    followUp: null,
  }),
  initial: 'received',
  // Bookkeeping accepted wherever the case is not final or merged (a merged case lives on in its target).
  on: {
    ASSIGN: { guard: not(stateIn('#case.merged')), actions: 'setAssignee' },
    ADD_NOTE: { guard: not(stateIn('#case.merged')), actions: 'recordOnly' },
  },
  states: {
    received: {
      entry: [deadline('triage')],
      exit: [cancel('triage')],
      on: {
        ACCEPT: { guard: 'hasRespondentMember', target: 'investigating', actions: ['setRespondent', deadline('resolution')] },
        DISMISS: { target: 'dismissed' },
        MERGE: { guard: 'noPendingProposal', target: 'merged', actions: { type: 'setMerged', params: { from: 'received' } } },
        WITHDRAW: { target: 'withdrawn' },
        ADD_INFORMATION: { actions: notify('supervisors', 'information_added') },
        // A complaint about a non-member can only be dismissed or referred.
        PROPOSE_REFERRAL: {
          guard: ({ context, event }) => !context.respondentMemberId && context.proposal === null && (event.evidenceCount > 0 || Boolean(event.justification?.trim())),
          actions: ['proposeReferral', notify('supervisors', 'referral_proposed')],
        },
        APPROVE: { guard: 'canApproveReferral', target: 'referred', actions: ['startReferral', 'buildReferralPacket'] },
        REJECT_PROPOSAL: { guard: 'hasPendingProposal', actions: 'clearProposal' },
        DEADLINE_ELAPSED: { guard: { type: 'isDeadline', params: { kind: 'triage' } }, actions: 'markOverdue' },
      },
    },
    investigating: {
      initial: 'reviewing',
      on: {
        START_MEDIATION: { target: 'mediating' },
        RESOLVE: { target: 'resolved', actions: 'recordFinding' },
        DISMISS: { target: 'dismissed' },
        MERGE: { guard: 'noPendingProposal', target: 'merged', actions: { type: 'setMerged', params: { from: 'investigating' } } },
        WITHDRAW: { target: 'withdrawn' },
        ADD_INFORMATION: { actions: notify('supervisors', 'information_added') },
        PROPOSE_PUBLICATION: {
          guard: 'noPendingProposal',
          actions: ['proposePublication', deadline('right_of_reply'), notify('respondent', 'right_of_reply_opened'), notify('supervisors', 'publication_proposed')],
        },
        PROPOSE_REFERRAL: {
          guard: ({ context, event }) => context.proposal === null && (event.evidenceCount > 0 || Boolean(event.justification?.trim())),
          actions: ['proposeReferral', notify('supervisors', 'referral_proposed')],
        },
        RIGHT_OF_REPLY: { guard: 'publicationPending', actions: 'recordReply' },
        APPROVE: [
          { guard: 'canApprovePublication', target: 'publicized', actions: [cancel('right_of_reply'), 'createDisclosure', 'clearProposal'] },
          { guard: 'canApproveReferral', target: 'referred', actions: ['startReferral', 'buildReferralPacket'] },
        ],
        REJECT_PROPOSAL: { guard: 'hasPendingProposal', actions: ['clearProposal', cancel('right_of_reply')] },
        DEADLINE_ELAPSED: [
          { guard: { type: 'isDeadline', params: { kind: 'right_of_reply' } }, actions: 'replyPeriodElapsed' },
          { guard: { type: 'isDeadline', params: { kind: 'resolution' } }, actions: 'markOverdue' },
          { guard: { type: 'isDeadline', params: { kind: 'promised_action' } }, actions: ['promisedActionDue', notify('complainant', 'promised_action_due')] },
        ],
        ACTION_FOLLOW_UP: { guard: 'awaitingFollowUp', actions: 'recordFollowUp' },
      },
      states: {
        reviewing: {
          on: {
            REQUEST_RESPONSE: { target: 'awaiting_response' },
          },
        },
        awaiting_response: {
          entry: [deadline('response'), notify('respondent', 'response_requested')],
          exit: [cancel('response')],
          on: {
            RESPOND: { target: 'reviewing', actions: ['recordResponse', deadline('promised_action'), notify('complainant', 'respondent_answered')] },
            DEADLINE_ELAPSED: [
              { guard: { type: 'isDeadline', params: { kind: 'response' } }, actions: 'markOverdue' },
              { guard: { type: 'isDeadline', params: { kind: 'right_of_reply' } }, actions: 'replyPeriodElapsed' },
              { guard: { type: 'isDeadline', params: { kind: 'resolution' } }, actions: 'markOverdue' },
            ],
          },
        },
      },
    },
    mediating: {
      entry: [deadline('mediation'), notify('respondent', 'mediation_started'), notify('complainant', 'mediation_started')],
      exit: [cancel('mediation')],
      on: {
        RECORD_MEDIATION_SESSION: { actions: 'countMediationSession' },
        AGREEMENT: { target: 'resolved', actions: 'recordFinding' },
        MEDIATION_FAILED: { target: '#case.investigating.reviewing' },
        WITHDRAW: { target: 'withdrawn' },
        ADD_INFORMATION: { actions: notify('supervisors', 'information_added') },
        DEADLINE_ELAPSED: [
          { guard: { type: 'isDeadline', params: { kind: 'mediation' } }, target: '#case.investigating.reviewing' },
          { guard: { type: 'isDeadline', params: { kind: 'resolution' } }, actions: 'markOverdue' },
        ],
      },
    },
    resolved: {
      entry: [cancel('resolution'), deadline('confirmation'), notify('complainant', 'resolution_proposed')],
      exit: [cancel('confirmation')],
      on: {
        CONFIRM: { target: 'closed' },
        DISPUTE: { target: '#case.investigating.reviewing', actions: [deadline('resolution')] },
        WITHDRAW: { target: 'withdrawn' },
        ADD_INFORMATION: { actions: notify('supervisors', 'information_added') },
        DEADLINE_ELAPSED: { guard: { type: 'isDeadline', params: { kind: 'confirmation' } }, target: 'closed' },
      },
    },
    publicized: {
      entry: [cancel('resolution')],
      on: {
        PROPOSE_REFERRAL: {
          guard: ({ context, event }) => context.proposal === null && (event.evidenceCount > 0 || Boolean(event.justification?.trim())),
          actions: ['proposeReferral', notify('supervisors', 'referral_proposed')],
        },
        APPROVE: { guard: 'canApproveReferral', target: 'referred', actions: ['startReferral', 'buildReferralPacket'] },
        REJECT_PROPOSAL: { guard: 'hasPendingProposal', actions: 'clearProposal' },
        CLOSE: { target: 'closed' },
      },
    },
    referred: {
      initial: 'pending',
      entry: [cancel('resolution'), notify('agency', 'referral_sent')],
      states: {
        pending: {
          on: {
            LE_ACKNOWLEDGE: { target: 'acknowledged', actions: 'acknowledgeReferral' },
            RETRACT_REFERRAL: { target: '#case.investigating.reviewing', actions: ['retractReferral', 'clearReferral', deadline('resolution')] },
          },
        },
        acknowledged: {
          on: {
            LE_CONCLUDE: { target: '#case.closed', actions: 'concludeReferral' },
          },
        },
      },
    },
    closed: {
      entry: ['markClosed', notify('complainant', 'case_closed')],
      on: {
        REOPEN: { guard: 'withinReopenWindow', target: '#case.investigating.reviewing', actions: ['clearClosed', deadline('resolution')] },
      },
    },
    dismissed: {
      entry: ['markClosed', notify('complainant', 'case_dismissed')],
      on: {
        REOPEN: { guard: 'withinReopenWindow', target: '#case.investigating.reviewing', actions: ['clearClosed', deadline('resolution')] },
      },
    },
    withdrawn: { type: 'final' },
    // Not final: a supervisor may undo a wrong merge (back to where it came from); nothing else is accepted here.
    merged: {
      entry: [cancel('resolution'), notify('complainant', 'case_merged')],
      on: {
        UNMERGE: [
          {
            guard: and(['withinUnmergeWindow', { type: 'mergedFrom', params: { state: 'received' as const } }]),
            target: 'received',
            actions: ['clearMerged', notify('complainant', 'case_unmerged')],
          },
          { guard: 'withinUnmergeWindow', target: '#case.investigating.reviewing', actions: ['clearMerged', deadline('resolution'), notify('complainant', 'case_unmerged')] },
        ],
      },
    },
  },
});

export type CaseMachine = typeof caseMachine;

/** Whether the case in this snapshot accepts the event (a done case accepts nothing; a merged one only UNMERGE). */
export function accepts(snapshot: ReturnType<typeof caseMachine.resolveState>, event: CaseEvent): boolean {
  return snapshot.status !== 'done' && snapshot.can(event);
}
