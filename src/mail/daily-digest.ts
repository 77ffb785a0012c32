import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CaseDigestRepository, type DigestScope } from '../cases/index.js';
import { UsersRepository, type MailRecipientRow } from '../identity/index.js';
import { Clock } from '../platform/clock.js';
import { Transactions } from '../platform/database/transactions.js';
import { addDays, chinaDate } from '../platform/dates.js';
import { JobsService } from '../platform/jobs/jobs.service.js';
import { errorForLog } from '../platform/logging.js';
import { MAIL_DELIVERY_JOB } from './mail-dispatcher.js';
import { MAIL_KINDS } from './mail-kinds.js';
import { addressHash, MailLinks } from './mail-links.js';
import type { MailMode } from './mail-preference.entity.js';
import { formatMailDay, formatMailTime, MailRenderer, type DigestSection, type MailLocale } from './mail-renderer.js';
import { MailTransport } from './mail-transport.js';
import { MailRepository } from './mail.repository.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Items listed per case section (the count says how many there are; the console lists the rest). */
const CASE_ITEMS = 20;
/** Messages kept for the digest listed by subject (all of them are marked digested). */
const MESSAGE_ITEMS = 50;
/** A digest looks back to the previous one, but never further than this (an account that had it off for a month). */
const MAX_LOOKBACK_MS = 7 * DAY_MS;
/** Digest runs older than this are forgotten (only an account's latest one is read). */
const KEEP_RUNS_DAYS = 60;

/** What one run did, per account. */
export interface DigestRunResult {
  /** Digests written (queued, or held without an SMTP server). */
  sent: number;
  /** Accounts with nothing to report: no message. */
  empty: number;
  /** Accounts whose digest for the day an earlier run (or another instance) already made. */
  done: number;
  /** Accounts that turned the daily digest off. */
  off: number;
  failed: number;
}

type Outcome = 'sent' | 'empty' | 'done';

/** Beijing midnight of a `YYYY-MM-DD` day, and of the next. */
function dayBounds(day: string): [Date, Date] {
  return [new Date(`${day}T00:00:00+08:00`), new Date(`${addDays(day, 1)}T00:00:00+08:00`)];
}

/**
 * The staff's daily digest (issue #15): for every enabled secretariat and supervisor account that has not turned it
 * off, one message per Beijing day in the account's language. Its sections: complaints new in triage, deadlines due
 * today, overdue open cases, proposals waiting for this supervisor's approval (supervisors only; never their own),
 * referrals an agency acknowledged or concluded, and the messages the account chose to receive in the digest (then
 * marked digested). Supervisors see every case; a caseworker sees the cases assigned to them and the unassigned ones.
 * Only references, categories, deadline kinds and times: never the complaint's text or the complainant. No message when
 * every section is empty. One transaction per account, which first takes the account's key for the day in
 * `mail_digests`: a second run that day, or another instance running at the same time, sends nothing.
 */
@Injectable()
export class DailyDigest {
  private readonly logger = new Logger('Mail');

  constructor(
    private readonly tx: Transactions,
    private readonly repository: MailRepository,
    private readonly users: UsersRepository,
    private readonly cases: CaseDigestRepository,
    private readonly renderer: MailRenderer,
    private readonly links: MailLinks,
    private readonly transport: MailTransport,
    private readonly jobs: JobsService,
    private readonly clock: Clock,
  ) {}

  /** Builds today's digests; throws after trying every account if one failed (the job's retry skips those done). */
  async run(): Promise<DigestRunResult> {
    const until = this.clock.now();
    const day = chinaDate(until);
    const m = this.tx.manager;
    const accounts = await this.users.mailRecipients(m, { roles: ['secretariat', 'supervisor'] });
    const modes = await this.repository.modesOf(m, accounts.map((a) => a.id), 'daily_digest');
    const byDefault: MailMode = MAIL_KINDS.daily_digest.modes[0];
    const result: DigestRunResult = { sent: 0, empty: 0, done: 0, off: 0, failed: 0 };
    for (const account of accounts) {
      if ((modes.get(account.id) ?? byDefault) === 'off') {
        result.off++;
        continue;
      }
      try {
        result[await this.tx.run((t) => this.forAccount(t, account, day, until))]++;
      } catch (e) {
        result.failed++;
        this.logger.warn({ userId: account.id, error: String(errorForLog(e).message) }, 'daily digest failed');
      }
    }
    await this.repository.pruneDigestRuns(m, addDays(day, -KEEP_RUNS_DAYS));
    this.logger.log({ day, ...result }, 'daily digest');
    if (result.failed) throw new Error(`daily digest failed for ${result.failed} account(s)`);
    return result;
  }

  private async forAccount(m: EntityManager, a: MailRecipientRow, day: string, until: Date): Promise<Outcome> {
    const previous = await this.repository.lastDigestCoverage(m, a.id, day);
    if (!(await this.repository.takeDigestDay(m, a.id, day, until))) return 'done';
    const floor = until.getTime() - MAX_LOOKBACK_MS;
    const since = new Date(previous ? Math.max(previous.getTime(), floor) : until.getTime() - DAY_MS);
    const supervisor = a.role === 'supervisor';
    const scope: DigestScope = supervisor ? { kind: 'all' } : { kind: 'assignee', userId: a.id };
    const [dayStart, dayEnd] = dayBounds(day);
    const locale: MailLocale = a.locale;
    const label = (key: string) => this.renderer.text(locale, key);
    const caseLink = (id: string) => this.links.url(`/console/cases/${id}`);
    const at = (d: Date) => formatMailTime(d, locale);
    const on = (d: Date) => formatMailDay(chinaDate(d), locale);

    const triage = await this.cases.newInTriage(m, since, until, CASE_ITEMS);
    const due = await this.cases.deadlinesDue(m, dayStart, dayEnd, scope, CASE_ITEMS);
    const overdue = await this.cases.overdue(m, scope, CASE_ITEMS);
    const approvals = supervisor ? await this.cases.pendingProposals(m, a.id, CASE_ITEMS) : null;
    const referrals = await this.cases.referralMilestones(m, since, until, scope, CASE_ITEMS);
    const waiting = await this.repository.claimDigestItems(m, a.id);

    const sections: DigestSection[] = [
      {
        key: 'triage',
        total: triage.total,
        items: triage.items.map((c) => ({ vars: { reference: c.reference, category: locale === 'en' ? c.categoryEn : c.categoryZh }, link: caseLink(c.id) })),
      },
      {
        key: 'dueToday',
        total: due.total,
        items: due.items.map((d) => ({ vars: { reference: d.reference, deadline: label(`digest.deadlines.${d.deadline}`), time: at(d.dueAt) }, link: caseLink(d.id) })),
      },
      {
        key: 'overdue',
        total: overdue.total,
        items: overdue.items.map((c) => ({
          vars: { reference: c.reference, missed: (c.missed.length ? c.missed : ['none']).map((k) => label(`digest.missed.${k}`)).join(label('digest.listSeparator')) },
          link: caseLink(c.id),
        })),
      },
      ...(approvals
        ? [{
            key: 'approvals' as const,
            total: approvals.total,
            items: approvals.items.map((p) => ({ vars: { reference: p.reference, proposal: label(`digest.proposals.${p.kind}`), date: on(p.proposedAt) }, link: caseLink(p.id) })),
          }]
        : []),
      {
        key: 'referrals',
        total: referrals.total,
        items: referrals.items.map((r) => ({ vars: { reference: r.reference, milestone: label(`digest.milestones.${r.milestone}`), date: on(r.at) }, link: caseLink(r.id) })),
      },
      {
        key: 'messages',
        total: waiting.length,
        items: waiting.slice(0, MESSAGE_ITEMS).map((w) => ({ vars: { subject: w.subject }, link: w.caseId ? caseLink(w.caseId) : null })),
      },
    ];
    if (sections.every((s) => s.total === 0)) return 'empty';

    const unsubscribe = this.links.unsubscribeUrl({ kind: 'account', userId: a.id, messageKind: 'daily_digest' });
    const rendered = this.renderer.renderDigest({
      locale,
      date: formatMailDay(day, locale),
      sections,
      moreLink: this.links.url('/console/cases'),
      name: a.displayName,
      link: this.links.url('/console/cases'),
      footer: { kind: 'unsubscribe', url: unsubscribe },
      from: this.transport.from.name,
    });
    const status = this.transport.configured ? 'queued' : 'held';
    const id = await this.repository.insertMessage(m, {
      notificationId: null, caseId: null, kind: 'daily_digest', address: a.email, addressHash: addressHash(a.email), userId: a.id, locale,
      subject: rendered.subject, textBody: rendered.text, htmlBody: rendered.html,
      headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      status,
    });
    // No outbox row, so no conflict: the day's key in mail_digests is what keeps it single.
    if (!id) throw new Error('the digest message was not written');
    await this.repository.setDigestMessage(m, a.id, day, id);
    await this.repository.markDigested(m, waiting.map((w) => w.id));
    if (status === 'queued') await this.jobs.sendIn(m, MAIL_DELIVERY_JOB, { messageId: id });
    return 'sent';
  }
}
