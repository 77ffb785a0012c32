import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const MAIL_STATUSES = ['held', 'queued', 'sent', 'dead', 'digest', 'digested'] as const;
/**
 * `held`: no SMTP server is configured, kept undelivered; `queued`: a delivery job will send it; `sent`: the SMTP
 * server was about to take it (the row is committed before the message's final dot, so a crash after it never sends
 * it twice; `confirmedAt` is set once the server answered 250); `dead`: refused for good or out of retries (the admin
 * may retry it); `digest`: waits for its recipient's daily digest; `digested`: went out inside a digest.
 */
export type MailStatus = (typeof MAIL_STATUSES)[number];

/**
 * One message to one address, rendered in its recipient's language from an outbox row (or built by the digest). The
 * body is kept so that a retry sends the same bytes and the admin's dead-letter list can be retried; it is never logged.
 */
@Entity('mail_messages')
@Check('mail_messages_status_check', `status IN ('held','queued','sent','dead','digest','digested')`)
@Check('mail_messages_locale_check', `locale IN ('zh-CN','en')`)
// One message per outbox row and address, however often the dispatcher runs (it may be re-run after a crash).
@Index('mail_messages_notification_address_key', ['notificationId', 'addressHash'], { unique: true })
// The per-recipient rate cap counts what an address received in the last hour.
@Index('mail_messages_address_sent_idx', ['addressHash', 'sentAt'])
@Index('mail_messages_status_idx', ['status', 'createdAt'])
@Index('mail_messages_user_status_idx', ['userId', 'status'])
@Index('mail_messages_case_idx', ['caseId'])
export class MailMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The outbox row it came from (null for a digest). */
  @Column({ type: 'uuid', nullable: true })
  notificationId: string | null;

  @Column({ type: 'uuid', nullable: true })
  caseId: string | null;

  /** The template (message kind), e.g. `response_requested`, `daily_digest`. */
  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  address: string;

  /** SHA-256 of the lower-cased address: rate cap, unsubscribes and de-duplication without comparing addresses. */
  @Column({ type: 'text' })
  addressHash: string;

  /** The account it was addressed to, when it is one (preferences and digests are per account). */
  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'text' })
  locale: 'zh-CN' | 'en';

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  textBody: string;

  @Column({ type: 'text' })
  htmlBody: string;

  /** Extra headers (List-Unsubscribe and its one-click companion). */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  headers: Record<string, string>;

  @Column({ type: 'text' })
  status: MailStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** The SMTP server's last refusal or the transport error, without the message (for the admin). */
  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  /** When the SMTP server answered 250 to the message (null on a `sent` row: the process stopped in between). */
  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;
}
