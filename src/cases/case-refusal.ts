import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../platform/config/config.js';
import { CasesRepository, type LockedCase } from './cases.repository.js';
import { CasesError, CasesErrorCode } from './cases.errors.js';
import type { caseMachine } from './machine/case.machine.js';
import { offeredEvents, type Refusal, type RefusedEvent, refusedEvents } from './machine/case.refusals.js';
import type { CaseActor, CaseEventType } from './machine/case.types.js';

type Snapshot = ReturnType<typeof caseMachine.resolveState>;

/** The detail line of each refusal (the stable part is `reason`). */
export const REFUSAL_TEXT: Record<Refusal['reason'], (until: string | null) => string> = {
  STATE_REFUSES: () => 'this state does not take this event',
  NO_RESPONDENT_MEMBER: () => 'no respondent member is identified; name one (respondentMemberId)',
  PROPOSAL_PENDING: () => 'a proposal is pending; approve or reject it first',
  NO_PENDING_PROPOSAL: () => 'there is no pending proposal',
  OWN_PROPOSAL: () => 'a supervisor other than the proposer must decide (four eyes)',
  RIGHT_OF_REPLY_PENDING: (until) => `the respondent's right of reply is open${until ? ` until ${until}` : ''}`,
  REOPEN_WINDOW_PASSED: (until) => `the reopen window has passed${until ? ` (it ended ${until})` : ''}`,
  REFERRAL_NEEDS_EVIDENCE_OR_JUSTIFICATION: () => 'a referral needs evidence on the case or a written justification',
  NOT_AWAITING_FOLLOW_UP: () => 'no promised action is awaiting the complainant\'s answer',
  RESPONDENT_UNCHANGED: () => 'this member is already the respondent',
};

/** Which events an actor may send now, and why the state refuses one it may not. */
@Injectable()
export class CaseRefusals {
  constructor(
    private readonly cases: CasesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The events this actor could send on this case now: never one its guards would refuse. */
  allowedFor(snapshot: Snapshot, who: CaseActor, now: Date): CaseEventType[] {
    return offeredEvents(snapshot, who, now.toISOString(), this.config.cases.reopenWindowDays);
  }

  /**
   * The events this actor's role may send that the case refuses now, with the reason (for the case view); a pending right
   * of reply names its end (`rightOfReplyDue`, the running right_of_reply deadline) as the 409 does.
   */
  refusedFor(snapshot: Snapshot, who: CaseActor, now: Date, rightOfReplyDue: string | null): RefusedEvent[] {
    return refusedEvents(snapshot, who, now.toISOString(), this.config.cases.reopenWindowDays).map((r) =>
      r.reason === 'RIGHT_OF_REPLY_PENDING' && rightOfReplyDue ? { ...r, until: rightOfReplyDue } : r,
    );
  }

  /** 409 naming why the state refuses the event (`reason`, and for a pending right of reply the date it ends). */
  async notAllowed(m: EntityManager, c: LockedCase, snapshot: Snapshot, who: CaseActor, type: CaseEventType, refusal: Refusal, now: Date): Promise<CasesError> {
    let until = refusal.until ?? null;
    if (refusal.reason === 'RIGHT_OF_REPLY_PENDING') until = (await this.cases.openRightOfReplyDue(m, c.id))?.toISOString() ?? null;
    const where = `${c.state}${c.phase ? `.${c.phase}` : ''}`;
    return new CasesError(CasesErrorCode.CASE_EVENT_NOT_ALLOWED, `${type} is not possible in state ${where} now: ${REFUSAL_TEXT[refusal.reason](until)}`, {
      extensions: { state: c.state, phase: c.phase, reason: refusal.reason, ...(until ? { until } : {}), allowedEvents: this.allowedFor(snapshot, who, now) },
    });
  }
}
