import type { RecipientKind } from '../platform/outbox/outbox.js';
import type { MailMode } from './mail-preference.entity.js';

/** Who a kind of message is written for: decides the link it carries and what its footer says. */
export type MailAudience = 'respondent' | 'complainant' | 'staff' | 'agency' | 'admin' | 'bulletin';

export interface MailKind {
  readonly audience: MailAudience;
  /**
   * A mandatory notice (a deadline someone must meet, or what a deadline produced) cannot be turned off; its footer says
   * why. An optional one can be turned off by the account or through the unsubscribe link.
   */
  readonly mandatory: boolean;
  /** What an account may choose for this kind (the first is the default). Empty: not an account's choice (complainants, bulletin lists). */
  readonly modes: readonly MailMode[];
}

const respondentNotice: MailKind = { audience: 'respondent', mandatory: true, modes: ['immediate'] };
const complainant: MailKind = { audience: 'complainant', mandatory: false, modes: [] };
const approval: MailKind = { audience: 'staff', mandatory: false, modes: ['immediate', 'digest', 'off'] };
const staffInfo: MailKind = { audience: 'staff', mandatory: false, modes: ['digest', 'immediate', 'off'] };
const adminAlert: MailKind = { audience: 'admin', mandatory: false, modes: ['immediate', 'off'] };

/**
 * Every kind of message the service sends: the outbox's `template` names one, and `templates/<locale>.json` holds its
 * subject, body and action in each language (a spec checks both languages have every kind and no other).
 */
export const MAIL_KINDS = {
  // Member representatives: what the association asks of them, and by when.
  response_requested: respondentNotice,
  response_reminder: respondentNotice,
  right_of_reply_opened: respondentNotice,
  mediation_started_respondent: respondentNotice,
  response_overdue: respondentNotice,
  case_decided: respondentNotice,
  // Member representatives: their pacts (a new version to sign, self-inspection reports due and overdue).
  pact_version_to_sign: respondentNotice,
  self_inspection_due: respondentNotice,
  self_inspection_overdue: respondentNotice,
  // Complainants who gave an address and agreed to be written to.
  complaint_received: complainant,
  respondent_answered: complainant,
  promised_action_due: complainant,
  mediation_started: complainant,
  resolution_proposed: complainant,
  case_closed: complainant,
  case_dismissed: complainant,
  case_merged: complainant,
  case_unmerged: complainant,
  // Secretariat and supervisors.
  publication_proposed: approval,
  referral_proposed: approval,
  information_added: staffInfo,
  daily_digest: { audience: 'staff', mandatory: false, modes: ['digest', 'off'] },
  // Agencies: that a packet waits for them, never its content.
  referral_sent: { audience: 'agency', mandatory: true, modes: ['immediate'] },
  // Administrators.
  callback_dead: adminAlert,
  audit_verification_failed: adminAlert,
  calendar_coverage_low: adminAlert,
  // The association's bulletins, to the distribution list.
  bulletin_published: { audience: 'bulletin', mandatory: false, modes: [] },
} satisfies Record<string, MailKind>;

export type MailKindName = keyof typeof MAIL_KINDS;

export const isMailKind = (name: string): name is MailKindName => Object.hasOwn(MAIL_KINDS, name);

/**
 * A machine's `notify(to, template)` names the template by what happened; where one event tells two audiences, the
 * message kind differs by recipient (the respondent's mediation notice is not the complainant's).
 */
export function kindFor(template: string, recipient: RecipientKind): string {
  if (template === 'mediation_started' && recipient === 'respondent') return 'mediation_started_respondent';
  return template;
}
