import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BulletinsService } from '../bulletins/index.js';
import { CaseReadsRepository, type CaseMailFacts } from '../cases/index.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/config.js';
import { Transactions } from '../platform/database/transactions.js';
import { JobsService } from '../platform/jobs/jobs.service.js';
import { Outbox, type OutboxRow } from '../platform/outbox/outbox.js';
import { isMailKind, kindFor, MAIL_KINDS, type MailKind } from './mail-kinds.js';
import { addressHash, MailLinks } from './mail-links.js';
import type { MailStatus } from './mail-message.entity.js';
import type { MailMode } from './mail-preference.entity.js';
import { MailRecipients, type MailRecipient } from './mail-recipients.js';
import { formatMailDate, MailRenderer, type MailFooter, type MailLocale } from './mail-renderer.js';
import { MailTransport } from './mail-transport.js';
import { MailRepository } from './mail.repository.js';

export const MAIL_DELIVERY_JOB = 'mail-delivery';

/** The deadline a kind's `dueAt` names (when the payload has none). */
export const DEADLINE_OF: Readonly<Record<string, string>> = {
  response_requested: 'response',
  response_reminder: 'response',
  right_of_reply_opened: 'right_of_reply',
  resolution_proposed: 'confirmation',
  mediation_started_respondent: 'mediation',
};

/** The console page of a message not about a case, by kind. */
const PAGE_OF: Readonly<Record<string, string>> = {
  pact_version_to_sign: '/console/signatures',
  self_inspection_due: '/console/self-inspections',
  self_inspection_overdue: '/console/self-inspections',
  callback_dead: '/console/admin/callbacks',
  audit_verification_failed: '/console/admin/audit',
  calendar_coverage_low: '/console/admin/calendar',
};

/** A message's one link, by audience. */
function linkPath(kind: string, def: MailKind, row: OutboxRow): string | null {
  switch (def.audience) {
    case 'respondent':
    case 'staff':
      return row.caseId ? `/console/cases/${row.caseId}` : (PAGE_OF[kind] ?? '/console');
    case 'complainant':
      return '/follow';
    case 'agency':
      return '/console/referrals';
    case 'admin':
      return PAGE_OF[kind] ?? '/console/admin';
    case 'bulletin':
      return row.recipientRef ? `/v1/public/bulletins/${row.recipientRef}/html` : null;
    default:
      return null;
  }
}

/**
 * Turns outbox rows into messages: for each row, its recipients (resolved now), each account's choice (immediate,
 * digest, off; mandatory kinds are always immediate), the unsubscribes of addresses without an account, then one
 * rendered message per address in its language, queued for delivery in the same transaction (or held when no SMTP
 * server is configured). Re-running on the same row adds nothing (unique per row and address); a row is marked
 * dispatched in the transaction that queued its messages.
 */
@Injectable()
export class MailDispatcher {
  private readonly logger = new Logger('Mail');

  constructor(
    private readonly tx: Transactions,
    private readonly outbox: Outbox,
    private readonly recipients: MailRecipients,
    private readonly renderer: MailRenderer,
    private readonly links: MailLinks,
    private readonly repository: MailRepository,
    private readonly transport: MailTransport,
    private readonly jobs: JobsService,
    private readonly cases: CaseReadsRepository,
    private readonly bulletins: BulletinsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Dispatches up to `batch` rows; the number of rows taken and of messages made (0 rows: the outbox is empty). */
  async dispatchBatch(batch = 100): Promise<{ rows: number; messages: number }> {
    return this.tx.run(async (m) => {
      // Losing this commit in a database crash loses nothing: the outbox rows are undispatched again and re-running
      // them adds no second message. So it need not wait for the disk (the deliveries' "sent" commits do).
      await this.repository.relaxDurability(m);
      const rows = await this.outbox.claimUndispatched(m, batch);
      const queued: string[] = [];
      let made = 0;
      for (const row of rows) {
        const out = await this.fanOut(m, row);
        made += out.made;
        queued.push(...out.queued);
      }
      await this.jobs.sendManyIn(m, MAIL_DELIVERY_JOB, queued.map((messageId) => ({ messageId })));
      if (rows.length) await this.outbox.markDispatched(m, rows.map((r) => r.id));
      return { rows: rows.length, messages: made };
    });
  }

  /** Dispatches up to `batch` rows; the number taken. */
  async dispatch(batch = 100): Promise<number> {
    return (await this.dispatchBatch(batch)).rows;
  }

  /** Dispatches until the outbox is empty, at once (tests; the listener paces itself). */
  async drain(): Promise<number> {
    let total = 0;
    for (let n = await this.dispatch(); n > 0; n = await this.dispatch()) total += n;
    return total;
  }

  /** How many messages the row made, and the ids of those to deliver now. */
  private async fanOut(m: EntityManager, row: OutboxRow): Promise<{ made: number; queued: string[] }> {
    const kind = kindFor(row.template, row.recipientKind);
    if (!isMailKind(kind) || !this.renderer.hasKind(kind)) {
      this.logger.warn({ notificationId: row.id, template: row.template }, 'outbox row of an unknown kind: no mail');
      return { made: 0, queued: [] };
    }
    const def: MailKind = MAIL_KINDS[kind];
    const facts = row.caseId ? await this.cases.mailFacts(m, row.caseId) : null;
    // A test complaint reaches nobody (the transition already holds its messages back; this is the backstop).
    if (facts?.test) return { made: 0, queued: [] };
    // A bulletin brings its own distribution list, subject and bodies (frozen at publication); the layout adds the rest.
    const bulletin = row.recipientKind === 'bulletin_list' && row.recipientRef ? await this.bulletins.mailing(row.recipientRef) : null;
    const recipients: MailRecipient[] = bulletin ? bulletin.recipients.map((r) => ({ ...r, userId: null })) : await this.recipients.of(m, row);
    if (recipients.length === 0) return { made: 0, queued: [] };
    const userIds = recipients.flatMap((r) => (r.userId ? [r.userId] : []));
    const modes = await this.repository.modesOf(m, userIds, kind);
    // Kept for the digest of an account that turned its digest off, a message would never go out: that counts as off.
    const noDigest = def.modes.includes('digest') ? await this.repository.digestOffAmong(m, userIds) : new Set<string>();
    const topic = def.audience === 'complainant' && row.caseId ? `case:${row.caseId}` : def.audience === 'bulletin' ? 'bulletins' : null;
    const hashes = recipients.map((r) => addressHash(r.address));
    const unsubscribed = topic ? await this.repository.unsubscribedAmong(m, hashes, topic) : new Set<string>();
    const queued: string[] = [];
    let made = 0;
    for (const [i, r] of recipients.entries()) {
      const hash = hashes[i];
      const mode: MailMode = def.mandatory || !r.userId ? 'immediate' : (modes.get(r.userId) ?? def.modes[0] ?? 'immediate');
      if (mode === 'off' || (mode === 'digest' && r.userId && noDigest.has(r.userId)) || unsubscribed.has(hash)) continue;
      const status: MailStatus = mode === 'digest' ? 'digest' : this.transport.configured ? 'queued' : 'held';
      const rendered = this.renderer.render({
        kind,
        locale: r.locale,
        vars: bulletin ? { title: bulletin.subject, text: bulletin.text } : this.varsFor(kind, row, facts, r.locale),
        htmlDocument: bulletin?.html,
        name: r.name,
        link: ((p) => (p ? this.links.url(p) : null))(linkPath(kind, def, row)),
        footer: this.footerFor(kind, def, r, hash, topic),
        from: this.transport.from.name,
      });
      const headers: Record<string, string> = {};
      if (!def.mandatory && (r.userId || topic)) {
        const url = this.links.unsubscribeUrl(r.userId ? { kind: 'account', userId: r.userId, messageKind: kind } : { kind: 'topic', addressHash: hash, topic: topic as string });
        headers['List-Unsubscribe'] = `<${url}>`;
        headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
      }
      const id = await this.repository.insertMessage(m, {
        notificationId: row.id, caseId: row.caseId, kind, address: r.address, addressHash: hash, userId: r.userId, locale: r.locale,
        subject: rendered.subject, textBody: rendered.text, htmlBody: rendered.html, headers, status, occurredAt: row.createdAt,
      });
      if (id) made++;
      if (id && status === 'queued') queued.push(id);
    }
    return { made, queued };
  }

  private footerFor(kind: string, def: MailKind, r: MailRecipient, hash: string, topic: string | null): MailFooter {
    if (def.mandatory) return { kind: 'mandatory' };
    if (r.userId) return { kind: 'unsubscribe', url: this.links.unsubscribeUrl({ kind: 'account', userId: r.userId, messageKind: kind }) };
    if (topic) return { kind: 'unsubscribe', url: this.links.unsubscribeUrl({ kind: 'topic', addressHash: hash, topic }) };
    return { kind: 'none' };
  }

  /**
   * What the templates may interpolate: the payload's strings and numbers (references, dates, counts: the outbox holds
   * no personal data), the case's reference and category, and the due time of the deadline the kind is about. A payload
   * value under `<name>En` (a pact's English title) stands for `<name>` in English mail.
   */
  private varsFor(kind: string, row: OutboxRow, facts: CaseMailFacts | null, locale: MailLocale): Record<string, string | number> {
    const vars: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(row.payload)) if (typeof v === 'string' || typeof v === 'number') vars[k] = v;
    for (const k of Object.keys(vars)) {
      const base = k.endsWith('En') ? k.slice(0, -2) : '';
      if (base && locale === 'en' && vars[k] !== '') vars[base] = vars[k];
    }
    if (facts) {
      vars.reference = facts.reference;
      vars.category = locale === 'en' ? facts.categoryEn : facts.categoryZh;
      const deadline = DEADLINE_OF[kind];
      const due = typeof row.payload.dueAt === 'string' ? row.payload.dueAt : deadline ? facts.openDeadlines[deadline] : undefined;
      if (due) vars.dueAt = due;
    }
    if (typeof vars.dueAt === 'string') vars.dueAt = formatMailDate(vars.dueAt, locale);
    const d = this.config.cases.deadlines;
    vars.workingDays ??= kind === 'right_of_reply_opened' ? d.rightOfReplyWorkingDays : d.responseWorkingDays;
    return vars;
  }
}
