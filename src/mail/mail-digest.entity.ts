import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One account's daily digest for one Beijing day: written first in the transaction that builds it, so a second run of
 * the job (or a second instance) that day finds the key taken and sends nothing. Written also when there was nothing to
 * say (no message): the next digest covers what happened since `coveredUntil`.
 */
@Entity('mail_digests')
export class MailDigestRun {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'mail_digests_pkey' })
  userId: string;

  /** The Beijing calendar date the digest is for (`YYYY-MM-DD`). */
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'mail_digests_pkey' })
  day: string;

  /** The instant the digest's sections run to (the run's "now"); the next one starts here. */
  @Column({ type: 'timestamptz' })
  coveredUntil: Date;

  /** The message sent (a `mail_messages` row, kind `daily_digest`); null when every section was empty. */
  @Column({ type: 'uuid', nullable: true })
  messageId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
