import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/index.js';
import { CaseReadsRepository } from '../../cases/index.js';
import type { Actor } from '../../platform/access/principal.js';
import { Clock } from '../../platform/clock.js';
import { Transactions } from '../../platform/database/transactions.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import type { AnswerSurveyDto, StaffSurveyView, SurveyAnswerView } from './dto/survey.dto.js';
import { SurveyError, SurveyErrorCode } from './survey.errors.js';
import { SURVEY_PKEY, SurveyRepository } from './survey.repository.js';
import { closedAtOf, SURVEY_WINDOW_DAYS, SURVEYED_STATES, surveyFlags, type HistoryStep, type SurveyFlags } from './survey-window.js';

const alreadyAnswered = () => new SurveyError(SurveyErrorCode.SURVEY_ALREADY_ANSWERED, 'The survey of this complaint has already been answered');

/** The complainant's satisfaction survey after closing: answered once, read by staff, counted by reports. */
@Injectable()
export class SurveyService {
  constructor(
    private readonly repo: SurveyRepository,
    private readonly cases: CaseReadsRepository,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The status view's flags, from the case's state and history (already read by the caller). */
  async flags(caseId: string, state: string, history: readonly HistoryStep[]): Promise<SurveyFlags> {
    return surveyFlags({ state, closedAt: closedAtOf(history), answered: await this.repo.isAnswered(caseId), now: this.clock.now() });
  }

  /**
   * Records the complainant's answer with its audit entry (ids and rating only: the comment is neither audited nor
   * logged). A second answer, however close to the first, meets the primary key and is refused.
   */
  async answer(actor: Actor, caseId: string, dto: AnswerSurveyDto): Promise<SurveyAnswerView> {
    if (await this.repo.isAnswered(caseId)) throw alreadyAnswered();
    // The last history entry leaves the case in its current state (every step of the one door appends one).
    const history = await this.cases.timelineOf(caseId);
    const now = this.clock.now();
    const state = history[history.length - 1]?.toState ?? 'received';
    const closedAt = closedAtOf(history);
    if (!surveyFlags({ state, closedAt, answered: false, now }).open) {
      // `reason` lets a page say which: not closed (yet, or any more: reopened, withdrawn, merged), or too late.
      const closed = SURVEYED_STATES.includes(state);
      throw new SurveyError(SurveyErrorCode.SURVEY_NOT_OPEN, `The survey opens when the complaint is closed and stays open for ${SURVEY_WINDOW_DAYS} days`, {
        extensions: { reason: closed ? 'WINDOW_PASSED' : 'NOT_CLOSED' },
      });
    }
    const comment = dto.comment?.trim() || null;
    try {
      await this.tx.run(async (m) => {
        await this.repo.insert(m, caseId, { rating: dto.rating, comment, answeredAt: now });
        await this.audit.record(m, actor, { action: 'survey.answer', resourceType: 'case', resourceId: caseId, details: { rating: dto.rating } });
      });
    } catch (e) {
      if (isUniqueViolation(e, SURVEY_PKEY)) throw alreadyAnswered();
      throw e;
    }
    return { rating: dto.rating, answeredAt: now.toISOString() };
  }

  /** Staff read the answer, comment included; a case without one (or no such case, or a test case) answers SURVEY_NOT_FOUND. */
  async forStaff(caseId: string): Promise<StaffSurveyView> {
    const row = (await this.cases.exists(caseId)) ? await this.repo.find(caseId) : undefined;
    if (!row) throw new SurveyError(SurveyErrorCode.SURVEY_NOT_FOUND, 'This case has no survey answer');
    return { rating: row.rating, comment: row.comment, answeredAt: new Date(row.answeredAt).toISOString() };
  }
}
