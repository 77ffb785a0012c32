import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CaseReadsRepository } from '../cases/index.js';
import { UsersRepository, type MailRecipientRow } from '../identity/index.js';
import { AgenciesRepository } from '../parties/index.js';
import { FieldCipher } from '../platform/crypto/field-cipher.js';
import type { OutboxRow } from '../platform/outbox/outbox.js';
import { MembersRepository } from '../register/index.js';
import type { MailLocale } from './mail-renderer.js';

/** One address a message goes to. */
export interface MailRecipient {
  address: string;
  locale: MailLocale;
  /** For the greeting: an account's display name or a contact person's name; never the complainant's (mail may be read over a shoulder). */
  name: string | null;
  /** The account, when the address is one (its preferences apply). */
  userId: string | null;
}

const fromUser = (u: MailRecipientRow): MailRecipient => ({ address: u.email, locale: u.locale, name: u.displayName, userId: u.id });

/** Lower-cased, one per address (the first wins: an account before a contact entry). */
export function uniqueByAddress(list: readonly MailRecipient[]): MailRecipient[] {
  const seen = new Set<string>();
  return list.filter((r) => {
    const key = r.address.trim().toLowerCase();
    if (!key || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Resolves an outbox row's recipient reference to addresses when the message is dispatched (so an account disabled or
 * an address erased in between is honoured): member reps (else the member's contact people), the complainant (only
 * with an address and consent, never when anonymous or a test complaint), supervisors (minus the proposer), an
 * agency's liaisons and desk, one account, the admins.
 */
@Injectable()
export class MailRecipients {
  constructor(
    private readonly users: UsersRepository,
    private readonly members: MembersRepository,
    private readonly agencies: AgenciesRepository,
    private readonly cases: CaseReadsRepository,
    private readonly cipher: FieldCipher,
  ) {}

  async of(m: EntityManager, row: OutboxRow): Promise<MailRecipient[]> {
    const ref = row.recipientRef;
    switch (row.recipientKind) {
      case 'respondent': {
        if (!ref) return [];
        const reps = await this.users.mailRecipients(m, { roles: ['member_rep'], memberId: ref });
        if (reps.length) return uniqueByAddress(reps.map(fromUser));
        const contacts = await this.members.mailContacts(m, ref);
        return uniqueByAddress(contacts.map((c) => ({ address: c.email, locale: 'zh-CN', name: c.name || null, userId: null })));
      }
      case 'complainant':
        return ref ? this.complainant(ref) : [];
      case 'supervisors': {
        const except = typeof row.payload.exceptUserId === 'string' ? row.payload.exceptUserId : null;
        const list = await this.users.mailRecipients(m, { roles: ['supervisor'] });
        return uniqueByAddress(list.filter((u) => u.id !== except).map(fromUser));
      }
      case 'agency': {
        if (!ref) return [];
        const liaisons = (await this.users.mailRecipients(m, { roles: ['law_enforcement'], agencyId: ref })).map(fromUser);
        const desk = await this.agencies.contactEmail(m, ref);
        return uniqueByAddress([...liaisons, ...(desk ? [{ address: desk, locale: 'zh-CN' as const, name: null, userId: null }] : [])]);
      }
      case 'user':
        return ref ? (await this.users.mailRecipients(m, { ids: [ref] })).map(fromUser) : [];
      case 'admins':
        return uniqueByAddress((await this.users.mailRecipients(m, { roles: ['admin'] })).map(fromUser));
      default:
        return [];
    }
  }

  /** The complainant's address, when they gave one and agreed to mail about their complaint. */
  private async complainant(caseId: string): Promise<MailRecipient[]> {
    const sealed = await this.cases.sealedContact(caseId);
    if (!sealed || sealed.anonymous || !sealed.contactEnc) return [];
    const contact = JSON.parse(this.cipher.open(sealed.contactEnc, sealed.keyId, `case:${caseId}:complainant`)) as Record<string, unknown>;
    if (contact.mailConsent !== true || typeof contact.email !== 'string' || !contact.email) return [];
    const locale: MailLocale = contact.locale === 'en' ? 'en' : 'zh-CN';
    return [{ address: contact.email, locale, name: null, userId: null }];
  }
}
