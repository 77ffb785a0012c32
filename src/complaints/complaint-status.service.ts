import { Inject, Injectable } from '@nestjs/common';
import { CaseReadsRepository, type CaseStatusRow, complainantTimeline, stateLabel, type StatusLang } from '../cases/index.js';
import { RateLimitService } from '../platform/rate-limit/rate-limit.service.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/config.js';
import { ComplaintsError, ComplaintsErrorCode } from './complaints.errors.js';
import type { ComplaintStatusView, PartnerStatusView } from './dto/complaint.dto.js';
import { isPlausibleReceiptCode, receiptHash } from './receipt.js';
import { SurveyService } from './survey/survey.service.js';

const REFERENCE = /^TS-\d{4}-\d{6,}$/;
const notFound = () => new ComplaintsError(ComplaintsErrorCode.COMPLAINT_NOT_FOUND, 'No complaint matches this reference and receipt code');

type StatusRow = CaseStatusRow;
type CaseHistory = Awaited<ReturnType<CaseReadsRepository['timelineOf']>>;

/** What complainants (by receipt code) and partners (their own submissions only) may read of a case. */
@Injectable()
export class ComplaintStatusService {
  constructor(
    private readonly cases: CaseReadsRepository,
    private readonly limits: RateLimitService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly surveys: SurveyService,
  ) {}

  /** Wrong and unknown codes answer the same 404; failures against one reference are limited. */
  async byReceipt(code: string | undefined, reference: string | undefined, lang: StatusLang = 'zh-CN'): Promise<ComplaintStatusView> {
    const refKey = reference ? `receipt-fail:${reference.toUpperCase()}` : undefined;
    if (refKey) {
      const b = await this.limits.peek(refKey);
      if (b && b.hits >= this.config.intake.receiptFailuresPerReference) {
        throw new ComplaintsError(ComplaintsErrorCode.RECEIPT_THROTTLED, 'Too many wrong receipt codes for this reference; wait before trying again', {
          headers: { 'retry-after': String(Math.max(1, b.resetInSeconds)) },
        });
      }
    }
    const row = code && isPlausibleReceiptCode(code) ? await this.findByReceipt(receiptHash(code)) : undefined;
    if (!row || (reference && row.reference !== reference.toUpperCase())) {
      if (refKey && REFERENCE.test(reference!.toUpperCase())) await this.limits.hit(refKey, 15 * 60);
      throw notFound();
    }
    const events = await this.cases.timelineOf(row.id);
    const [view, survey] = await Promise.all([this.view(row, lang, events), this.surveys.flags(row.id, row.state, events)]);
    return { ...view, survey };
  }

  /**
   * A partner's own submission; another partner's reference is as unknown as a made-up one, and so is a test complaint to
   * a live key or a live one to a test-mode key.
   */
  async forPartner(caller: { partnerId: string; test: boolean }, reference: string, lang: StatusLang = 'zh-CN'): Promise<PartnerStatusView> {
    const row = await this.cases.statusForPartner(caller.partnerId, caller.test, reference.toUpperCase());
    if (!row) throw new ComplaintsError(ComplaintsErrorCode.COMPLAINT_NOT_FOUND, 'Complaint not found');
    return { ...(await this.view(row, lang)), externalId: row.externalId };
  }

  /** The case id for a receipt code, for complainant writes (evidence, events). */
  async caseIdForReceipt(code: string | undefined): Promise<string> {
    const row = code && isPlausibleReceiptCode(code) ? await this.findByReceipt(receiptHash(code)) : undefined;
    if (!row) throw notFound();
    return row.id;
  }

  private findByReceipt(hash: string): Promise<StatusRow | undefined> {
    return this.cases.statusByReceiptHash(hash);
  }

  /**
   * The complainant's view, field by field: state and timeline in the caller's language, the decision they are asked to
   * confirm (and, once closed, the decision), where a merged complaint went, and the question about a promised action.
   * The respondent's other answers are never shown.
   */
  private async view(row: StatusRow, lang: StatusLang, history?: CaseHistory): Promise<Omit<ComplaintStatusView, 'survey'>> {
    const ctx = await this.cases.complainantFacts(row.id);
    const events = history ?? (await this.cases.timelineOf(row.id));
    const finding = ctx?.finding ?? null;
    const decided = (row.state === 'resolved' || row.state === 'closed') && finding;
    return {
      reference: row.reference,
      lang,
      state: row.state,
      stateLabel: stateLabel(row.state, lang),
      phase: row.phase,
      receivedAt: row.receivedAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      timeline: complainantTimeline(events, lang),
      outcome: decided
        ? {
            upheld: finding.upheld,
            text: finding.outcome,
            confirmBy: row.state === 'resolved' && ctx?.confirmBy ? new Date(ctx.confirmBy).toISOString() : null,
            answerWith: row.state === 'resolved' ? ['CONFIRM', 'DISPUTE'] : [],
          }
        : null,
      mergedInto: row.state === 'merged' && ctx?.mergedIntoReference ? { reference: ctx.mergedIntoReference } : null,
      // When a promised action falls due, the complainant is asked whether it happened (answer with ACTION_FOLLOW_UP).
      question:
        ctx?.followUp?.asked && ctx.followUp.happened === null && ctx.response?.kind === 'action_promised'
          ? { kind: 'promised_action', action: ctx.response.action, by: ctx.response.by, answerWith: 'ACTION_FOLLOW_UP' }
          : null,
    };
  }
}
