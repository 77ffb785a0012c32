import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../platform/clock.js';
import { addDays, chinaDate, endOfChinaDay } from '../../platform/dates.js';
import { Transactions } from '../../platform/database/transactions.js';
import { OUTBOX_PORT, type OutboxPort } from '../../platform/outbox/outbox.js';
import { MembersRepository } from '../../register/index.js';
import { ConventionsRepository } from '../conventions/conventions.repository.js';
import { dueOn, periodsBetween } from './periods.js';
import { type ExpectedPeriod, SelfInspectionsRepository } from './self-inspections.repository.js';

/** A report falling due within this many days is announced to the member (once per member and period). */
export const SELF_INSPECTION_DUE_NOTICE_DAYS = 14;
/**
 * An overdue report is announced once, if it fell due at most this many days ago: a first run (or one after workers were
 * stopped for a while) does not bring up filings missed years ago, which the overdue list still shows.
 */
export const SELF_INSPECTION_OVERDUE_NOTICE_DAYS = 30;

export interface NoticeRun {
  due: number;
  overdue: number;
}

/**
 * Tells members of their self-inspection reports: one `self_inspection_due` when a report they owe falls due within
 * SELF_INSPECTION_DUE_NOTICE_DAYS, one `self_inspection_overdue` once its due date has passed without it. Each message
 * is written once per member, convention, period and kind (the outbox's dedupe key), however often the job runs; members
 * who left the association (expelled, withdrawn) hear nothing.
 */
@Injectable()
export class SelfInspectionNotices {
  constructor(
    private readonly tx: Transactions,
    private readonly conventions: ConventionsRepository,
    private readonly reports: SelfInspectionsRepository,
    private readonly members: MembersRepository,
    private readonly clock: Clock,
    @Inject(OUTBOX_PORT) private readonly outbox: OutboxPort,
  ) {}

  async run(): Promise<NoticeRun> {
    const today = chinaDate(this.clock.now());
    const horizon = addDays(today, SELF_INSPECTION_DUE_NOTICE_DAYS);
    const oldest = addDays(today, -SELF_INSPECTION_OVERDUE_NOTICE_DAYS);
    const schedules = await this.conventions.inspectionSchedules();
    const byId = new Map(schedules.map((c) => [c.id, c]));
    const expected: ExpectedPeriod[] = [];
    for (const c of schedules) {
      for (const p of periodsBetween(c.frequency, c.since, horizon)) {
        const due = dueOn(p, c.dueMonths);
        if (due >= oldest && due <= horizon) expected.push({ conventionId: c.id, code: c.code, period: p.label, end: p.end, dueOn: due });
      }
    }
    if (expected.length === 0) return { due: 0, overdue: 0 };
    return this.tx.run(async (m) => {
      const signers = await this.reports.signersOf(m, [...new Set(expected.map((e) => e.conventionId))]);
      const inAssociation = (await this.members.namesInStatus(m, signers, ['active', 'suspended'])).map((x) => x.id);
      const out: NoticeRun = { due: 0, overdue: 0 };
      for (const f of await this.reports.pendingFilings(m, expected, inAssociation)) {
        const c = byId.get(f.conventionId)!;
        const kind = f.dueOn < today ? 'overdue' : 'due';
        const written = await this.outbox.enqueue(m, {
          caseId: null,
          recipientKind: 'respondent',
          recipientRef: f.memberId,
          template: `self_inspection_${kind}`,
          payload: {
            conventionCode: c.code, conventionTitle: c.titleZh, ...(c.titleEn ? { conventionTitleEn: c.titleEn } : {}),
            period: f.period, dueAt: endOfChinaDay(f.dueOn).toISOString(),
          },
          dedupeKey: `self_inspection_${kind}:${f.memberId}:${f.conventionId}:${f.period}`,
        });
        if (written) out[kind] += 1;
      }
      return out;
    });
  }
}
