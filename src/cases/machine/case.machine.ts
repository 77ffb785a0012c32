import { and, assertEvent, assign, not, setup, stateIn } from 'xstate';
import type { CaseContext, CaseEvent, CaseInput, DeadlineKind } from './case.types.js';

/**
 * The case lifecycle. Pure: no I/O, no clock, no database. Time and the actor arrive on each event
 * (`at`, `actor`); effects are named actions (`scheduleDeadline`, `notify`, …) that the case service
 * carries out after the transition is computed with xstate's pure `transition()`. Guards and actions that read an
 * event's fields assert its type (`assertEvent`): each is used only on that event.
 */

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
      respondentMemberId: ({ context, event }) => {
        assertEvent(event, 'ACCEPT');
        return event.respondentMemberId ?? context.respondentMemberId;
      },
    }),
    /**
     * Another member is the respondent: the previous one's answer and the follow-up of its promise were its own, so they
     * go (the history keeps them for staff).
     */
    correctRespondent: assign({
      respondentMemberId: ({ event }) => {
        assertEvent(event, 'CORRECT_RESPONDENT');
        return event.respondentMemberId;
      },
      response: () => null,
      followUp: () => null,
    }),
    setAssignee: assign({
      assigneeId: ({ event }) => {
        assertEvent(event, 'ASSIGN');
        return event.assigneeId;
      },
    }),
    recordResponse: assign({
      response: ({ event }) => {
        assertEvent(event, 'RESPOND');
        return { ...event.response, at: event.at };
      },
      overdue: ({ context }) => ({ ...context.overdue }),
    }),
    markOverdue: assign({
      overdue: ({ context, event }) => {
        assertEvent(event, 'DEADLINE_ELAPSED');
        const kind = event.deadline;
        return kind === 'triage' || kind === 'response' || kind === 'resolution' ? { ...context.overdue, [kind]: true } : context.overdue;
      },
    }),
    countMediationSession: assign({ mediationSessions: ({ context }) => context.mediationSessions + 1 }),
    recordFinding: assign({
      finding: ({ event }) => {
        assertEvent(event, ['RESOLVE', 'AGREEMENT']);
        return event.type === 'RESOLVE' ? { upheld: event.upheld, outcome: event.outcome } : { upheld: true, outcome: `mediated: ${event.terms}` };
      },
    }),
    proposePublication: assign({
      proposal: ({ event }) => {
        assertEvent(event, 'PROPOSE_PUBLICATION');
        return { kind: 'publication' as const, proposedBy: event.actor.id ?? '', at: event.at, summary: event.summary, findings: event.findings };
      },
      rightOfReply: ({ event }) => ({ requestedAt: event.at, reply: null, repliedAt: null, elapsed: false }),
    }),
    proposeReferral: assign({
      proposal: ({ event }) => {
        assertEvent(event, 'PROPOSE_REFERRAL');
        return { kind: 'referral' as const, proposedBy: event.actor.id ?? '', at: event.at, agencyId: event.agencyId, justification: event.justification };
      },
    }),
    clearProposal: assign({ proposal: () => null }),
    startReferral: assign({
      referral: ({ context }) => ({ agencyId: context.proposal?.agencyId ?? '', referenceNumber: null, outcome: null }),
      proposal: () => null,
    }),
    recordReply: assign({
      rightOfReply: ({ context, event }) => {
        assertEvent(event, 'RIGHT_OF_REPLY');
        return context.rightOfReply
          ? { ...context.rightOfReply, reply: event.reply, repliedAt: event.at }
          : { requestedAt: event.at, reply: event.reply, repliedAt: event.at, elapsed: false };
      },
    }),
    replyPeriodElapsed: assign({
      rightOfReply: ({ context }) => (context.rightOfReply ? { ...context.rightOfReply, elapsed: true } : null),
    }),
    acknowledgeReferral: assign({
      referral: ({ context, event }) => {
        assertEvent(event, 'LE_ACKNOWLEDGE');
        return context.referral ? { ...context.referral, referenceNumber: event.referenceNumber } : null;
      },
    }),
    concludeReferral: assign({
      referral: ({ context, event }) => {
        assertEvent(event, 'LE_CONCLUDE');
        return context.referral ? { ...context.referral, outcome: event.outcome } : null;
      },
    }),
    clearReferral: assign({ referral: () => null }),
    markClosed: assign({ closedAt: ({ event }) => event.at }),
    clearClosed: assign({ closedAt: () => null, finding: () => null }),
    setMerged: assign(({ event }, params: { from: 'received' | 'investigating' }) => {
      assertEvent(event, 'MERGE');
      return { mergedInto: event.targetCaseId, mergedAt: event.at, mergedFrom: params.from };
    }),
    clearMerged: assign({ mergedInto: () => null, mergedAt: () => null, mergedFrom: () => null }),
    promisedActionDue: assign({ followUp: () => ({ asked: true, happened: null, note: null }) }),
    recordFollowUp: assign({
      followUp: ({ event }) => {
        assertEvent(event, 'ACTION_FOLLOW_UP');
        return { asked: true, happened: event.happened, note: event.note ?? null };
      },
    }),
  },
  guards: {
    hasRespondentMember: ({ context, event }) => {
      assertEvent(event, 'ACCEPT');
      return Boolean(event.respondentMemberId ?? context.respondentMemberId);
    },
    hasNoRespondentMember: ({ context }) => !context.respondentMemberId,
    namesOtherRespondent: ({ context, event }) => {
      assertEvent(event, 'CORRECT_RESPONDENT');
      return event.respondentMemberId !== context.respondentMemberId;
    },
    referralJustified: ({ event }) => {
      assertEvent(event, 'PROPOSE_REFERRAL');
      return event.evidenceCount > 0 || Boolean(event.justification?.trim());
    },
    noPendingProposal: ({ context }) => context.proposal === null,
    hasPendingProposal: ({ context }) => context.proposal !== null,
    publicationPending: ({ context }) => context.proposal?.kind === 'publication',
    referralPending: ({ context }) => context.proposal?.kind === 'referral',
    /** Four eyes: the approving supervisor is not the one who proposed. */
    notOwnProposal: ({ context, event }) => event.actor.id !== null && event.actor.id !== context.proposal?.proposedBy,
    /** A publication waits for the respondent's reply or the end of the right-of-reply period. */
    replyReceivedOrElapsed: ({ context }) => Boolean(context.rightOfReply && (context.rightOfReply.reply !== null || context.rightOfReply.elapsed)),
    isDeadline: ({ event }, params: { kind: DeadlineKind }) => {
      assertEvent(event, 'DEADLINE_ELAPSED');
      return event.deadline === params.kind;
    },
    awaitingFollowUp: ({ context }) => context.followUp?.asked === true && context.followUp.happened === null,
    withinReopenWindow: ({ context, event }) => {
      assertEvent(event, 'REOPEN');
      return context.closedAt !== null && Date.parse(event.at) - Date.parse(context.closedAt) <= event.windowDays * DAY_MS;
    },
    /** A wrong merge can be undone within the reopen window, counted from the merge (older snapshots lack mergedAt). */
    withinUnmergeWindow: ({ context, event }) => {
      assertEvent(event, 'UNMERGE');
      return !!context.mergedAt && Date.parse(event.at) - Date.parse(context.mergedAt) <= event.windowDays * DAY_MS;
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
          guard: and(['hasNoRespondentMember', 'noPendingProposal', 'referralJustified']),
          actions: ['proposeReferral', notify('supervisors', 'referral_proposed')],
        },
        APPROVE: { guard: and(['referralPending', 'notOwnProposal']), target: 'referred', actions: ['startReferral', 'buildReferralPacket'] },
        REJECT_PROPOSAL: { guard: 'hasPendingProposal', actions: 'clearProposal' },
        DEADLINE_ELAPSED: { guard: { type: 'isDeadline', params: { kind: 'triage' } }, actions: 'markOverdue' },
      },
    },
    investigating: {
      initial: 'reviewing',
      on: {
        START_MEDIATION: { target: 'mediating' },
        RESOLVE: { target: 'resolved', actions: 'recordFinding' },
        // Dismissed after it was accepted: the respondent hears the decision (one dismissed at triage was never its concern).
        DISMISS: { target: 'dismissed', actions: notify('respondent', 'case_decided') },
        MERGE: { guard: 'noPendingProposal', target: 'merged', actions: { type: 'setMerged', params: { from: 'investigating' } } },
        WITHDRAW: { target: 'withdrawn' },
        ADD_INFORMATION: { actions: notify('supervisors', 'information_added') },
        PROPOSE_PUBLICATION: {
          guard: 'noPendingProposal',
          actions: ['proposePublication', deadline('right_of_reply'), notify('respondent', 'right_of_reply_opened'), notify('supervisors', 'publication_proposed')],
        },
        PROPOSE_REFERRAL: {
          guard: and(['noPendingProposal', 'referralJustified']),
          actions: ['proposeReferral', notify('supervisors', 'referral_proposed')],
        },
        RIGHT_OF_REPLY: { guard: 'publicationPending', actions: 'recordReply' },
        APPROVE: [
          {
            guard: and(['publicationPending', 'notOwnProposal', 'replyReceivedOrElapsed']),
            target: 'publicized',
            actions: [cancel('right_of_reply'), 'createDisclosure', 'clearProposal'],
          },
          { guard: and(['referralPending', 'notOwnProposal']), target: 'referred', actions: ['startReferral', 'buildReferralPacket'] },
        ],
        REJECT_PROPOSAL: { guard: 'hasPendingProposal', actions: ['clearProposal', cancel('right_of_reply')] },
        DEADLINE_ELAPSED: [
          { guard: { type: 'isDeadline', params: { kind: 'right_of_reply' } }, actions: 'replyPeriodElapsed' },
          { guard: { type: 'isDeadline', params: { kind: 'resolution' } }, actions: 'markOverdue' },
          { guard: { type: 'isDeadline', params: { kind: 'promised_action' } }, actions: ['promisedActionDue', notify('complainant', 'promised_action_due')] },
        ],
        ACTION_FOLLOW_UP: { guard: 'awaitingFollowUp', actions: 'recordFollowUp' },
        // A wrong match is corrected while the case is investigated and nothing binds the respondent yet: not with a
        // publication or referral awaiting its decision, nor in mediation, nor once decided (resolved, publicized, referred, closed).
        CORRECT_RESPONDENT: { guard: and(['noPendingProposal', 'namesOtherRespondent']), actions: ['correctRespondent', cancel('promised_action')] },
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
            // Re-entered: the previous respondent's deadline is settled (exit) and the new one is asked with a fresh deadline (entry).
            CORRECT_RESPONDENT: {
              guard: and(['noPendingProposal', 'namesOtherRespondent']),
              target: 'awaiting_response',
              reenter: true,
              actions: ['correctRespondent', cancel('promised_action')],
            },
            // The other deadlines that elapse here (right of reply, resolution, promised action) are the parent's.
            DEADLINE_ELAPSED: { guard: { type: 'isDeadline', params: { kind: 'response' } }, actions: ['markOverdue', notify('respondent', 'response_overdue')] },
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
      entry: [cancel('resolution'), deadline('confirmation'), notify('complainant', 'resolution_proposed'), notify('respondent', 'case_decided')],
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
      entry: [cancel('resolution'), notify('respondent', 'case_decided')],
      on: {
        PROPOSE_REFERRAL: {
          guard: and(['noPendingProposal', 'referralJustified']),
          actions: ['proposeReferral', notify('supervisors', 'referral_proposed')],
        },
        APPROVE: { guard: and(['referralPending', 'notOwnProposal']), target: 'referred', actions: ['startReferral', 'buildReferralPacket'] },
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
