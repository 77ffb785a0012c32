import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/index.js';
import { UsersRepository, type UserLocale } from '../identity/index.js';
import type { Actor, Role } from '../platform/access/principal.js';
import { Clock } from '../platform/clock.js';
import { Transactions } from '../platform/database/transactions.js';
import { JobsService } from '../platform/jobs/jobs.service.js';
import { Outbox } from '../platform/outbox/outbox.js';
import { DeadMailView, MailPreferencesView, MailStatusView, type UpdateMailPreferencesDto } from './dto/mail.dto.js';
import { MAIL_DELIVERY_JOB } from './mail-dispatcher.js';
import { isMailKind, MAIL_KINDS, type MailAudience, type MailKind } from './mail-kinds.js';
import { MailLinks, type UnsubscribeScope } from './mail-links.js';
import type { MailMode } from './mail-preference.entity.js';
import { MailTransport } from './mail-transport.js';
import { MailError, MailErrorCode } from './mail.errors.js';
import { MailRepository } from './mail.repository.js';

/** A `sent` row the server has not confirmed after this long is shown to the admin as unconfirmed. */
const UNCONFIRMED_AFTER_MS = 10 * 60_000;

/** Which accounts a kind of message reaches (the case machine tells supervisors; the digest goes to caseworkers too). */
function offeredTo(kind: string, def: MailKind, role: Role): boolean {
  const byAudience: Partial<Record<MailAudience, readonly Role[]>> = {
    respondent: ['member_rep'],
    // Approval requests and the complainant's added information go to supervisors; the digest to every caseworker.
    staff: kind === 'daily_digest' ? ['supervisor', 'secretariat'] : ['supervisor'],
    agency: ['law_enforcement'],
    admin: ['admin'],
  };
  return (byAudience[def.audience] ?? []).includes(role);
}

/** Mail settings of an account, the admin's view of delivery, and unsubscribe links. */
@Injectable()
export class MailService {
  constructor(
    private readonly tx: Transactions,
    private readonly repository: MailRepository,
    private readonly users: UsersRepository,
    private readonly outbox: Outbox,
    private readonly transport: MailTransport,
    private readonly links: MailLinks,
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private account(actor: Actor): { id: string; role: Role } {
    const p = actor.principal;
    if (p?.kind !== 'user') throw new MailError(MailErrorCode.MAIL_KIND_UNKNOWN, 'Mail settings belong to user accounts');
    return { id: p.id, role: p.role };
  }

  async preferences(actor: Actor): Promise<MailPreferencesView> {
    const { id, role } = this.account(actor);
    const m = this.tx.manager;
    const [chosen, locale] = await Promise.all([this.repository.preferencesOf(m, id), this.users.localeOf(m, id)]);
    const kinds = Object.entries(MAIL_KINDS as Record<string, MailKind>)
      .filter(([kind, def]) => def.modes.length > 0 && offeredTo(kind, def, role))
      .map(([kind, def]) => ({
        kind,
        audience: def.audience,
        mandatory: def.mandatory,
        modes: [...def.modes],
        mode: def.mandatory ? def.modes[0] : (chosen.get(kind) ?? def.modes[0]),
      }));
    return { locale: locale ?? 'zh-CN', kinds };
  }

  async updatePreferences(actor: Actor, dto: UpdateMailPreferencesDto): Promise<MailPreferencesView> {
    const { id, role } = this.account(actor);
    await this.tx.run(async (m) => {
      for (const [i, change] of (dto.kinds ?? []).entries()) {
        const def = isMailKind(change.kind) ? (MAIL_KINDS[change.kind] as MailKind) : undefined;
        const field = `kinds[${i}]`;
        if (!def || def.modes.length === 0 || !offeredTo(change.kind, def, role)) {
          throw new MailError(MailErrorCode.MAIL_KIND_UNKNOWN, `No mail of kind ${change.kind} is sent to your role`, {
            errors: [{ field: `${field}.kind`, code: 'UNKNOWN', message: 'not a kind of mail your role receives' }],
          });
        }
        if (def.mandatory && change.mode !== def.modes[0]) {
          throw new MailError(MailErrorCode.MAIL_KIND_MANDATORY, `${change.kind} is a mandatory notice: it concerns your organisation's rights and obligations (a deadline or a decision), so it cannot be turned off or delayed`, {
            errors: [{ field: `${field}.mode`, code: 'MANDATORY', message: 'a mandatory notice is always sent at once' }],
          });
        }
        if (!def.modes.includes(change.mode)) {
          throw new MailError(MailErrorCode.MAIL_MODE_NOT_OFFERED, `${change.kind} can be ${def.modes.join(', ')}`, {
            errors: [{ field: `${field}.mode`, code: 'NOT_OFFERED', message: `one of ${def.modes.join(', ')}` }],
          });
        }
        await this.repository.setPreference(m, id, change.kind, change.mode);
      }
      if (dto.locale) await this.users.setLocale(m, id, dto.locale as UserLocale);
      await this.audit.record(m, actor, { action: 'mail.preferences.update', resourceType: 'user', resourceId: id, payload: dto });
    });
    return this.preferences(actor);
  }

  async status(): Promise<MailStatusView> {
    const m = this.tx.manager;
    const [outboxBacklog, messages] = await Promise.all([this.outbox.undispatchedCount(m), this.repository.countsByStatus(m)]);
    return { delivering: this.transport.configured, outboxBacklog, messages };
  }

  private unconfirmedBefore(): Date {
    return new Date(this.clock.now().getTime() - UNCONFIRMED_AFTER_MS);
  }

  async dead(): Promise<DeadMailView[]> {
    const rows = await this.repository.deadOrUnconfirmed(this.tx.manager, this.unconfirmedBefore(), 500);
    return rows.map((r) => ({
      id: r.id, kind: r.kind, caseId: r.caseId, attempts: r.attempts, lastError: r.lastError, createdAt: r.createdAt.toISOString(),
      problem: r.status === 'dead' ? 'dead' : 'unconfirmed',
    }));
  }

  /** Queues a dead or unconfirmed message again (the admin decided the risk of a second copy is acceptable for the latter). */
  async retry(actor: Actor, id: string): Promise<void> {
    await this.tx.run(async (m) => {
      if (!(await this.repository.requeue(m, id, this.unconfirmedBefore()))) {
        if (!(await this.repository.exists(m, id))) throw new MailError(MailErrorCode.MAIL_NOT_FOUND, 'Message not found');
        throw new MailError(MailErrorCode.MAIL_NOT_RETRYABLE, 'Only a dead or unconfirmed message can be retried');
      }
      if (this.transport.configured) await this.jobs.sendIn(m, MAIL_DELIVERY_JOB, { messageId: id });
      await this.audit.record(m, actor, { action: 'mail.retry', resourceType: 'mail_message', resourceId: id });
    });
  }

  /** What a signed link turns off, or a 400 when the link is not one of ours. */
  unsubscribeScope(token: string | undefined): UnsubscribeScope {
    const scope = token ? this.links.verify(token) : null;
    if (!scope) throw new MailError(MailErrorCode.UNSUBSCRIBE_LINK_INVALID, 'This unsubscribe link is not valid');
    return scope;
  }

  async unsubscribe(actor: Actor, token: string | undefined): Promise<UnsubscribeScope> {
    const scope = this.unsubscribeScope(token);
    await this.tx.run(async (m) => {
      if (scope.kind === 'account') {
        const def = isMailKind(scope.messageKind) ? (MAIL_KINDS[scope.messageKind] as MailKind) : undefined;
        // A mandatory kind never carries a link; a link for a kind that later became mandatory changes nothing.
        if (!def || def.mandatory || !def.modes.includes('off' as MailMode)) return;
        await this.repository.setPreference(m, scope.userId, scope.messageKind, 'off');
        await this.audit.record(m, actor, { action: 'mail.unsubscribe', resourceType: 'user', resourceId: scope.userId, details: { kind: scope.messageKind } });
      } else {
        await this.repository.unsubscribe(m, scope.addressHash, scope.topic);
        // Who unsubscribed stays out of the audit log (only the hash of the address is kept, in mail_unsubscribes).
        const caseId = scope.topic.startsWith('case:') ? scope.topic.slice(5) : null;
        await this.audit.record(m, actor, caseId
          ? { action: 'mail.unsubscribe', resourceType: 'case', resourceId: caseId, details: { topic: 'complainant' } }
          : { action: 'mail.unsubscribe', resourceType: 'mail_topic', resourceId: scope.topic });
      }
    });
    return scope;
  }
}
