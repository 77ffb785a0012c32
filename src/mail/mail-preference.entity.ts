import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const MAIL_MODES = ['immediate', 'digest', 'off'] as const;
export type MailMode = (typeof MAIL_MODES)[number];

/** An account's choice for one kind of message (no row: the kind's default). Mandatory kinds accept no `off`. */
@Entity('mail_preferences')
@Check('mail_preferences_mode_check', `mode IN ('immediate','digest','off')`)
export class MailPreference {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  mode: MailMode;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * An address that asked, through a signed link, to receive no more of a topic: `bulletins`, or `case:<id>` (a
 * complainant who no longer wants mail about their complaint). Kept by hash: the address itself is not needed.
 */
@Entity('mail_unsubscribes')
export class MailUnsubscribe {
  @PrimaryColumn({ type: 'text' })
  addressHash: string;

  @PrimaryColumn({ type: 'text' })
  topic: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
