import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The outbox of messages to member reps, complainants, supervisors and agencies (the default sender keeps them here). */
@Entity('notifications')
@Index('notifications_recipient_idx', ['recipientKind', 'recipientRef', 'createdAt'])
@Index('notifications_case_idx', ['caseId'])
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  caseId: string | null;

  @Column({ type: 'text' })
  recipientKind: string;

  /** Member id, agency id, or the case id for the complainant (reached through the receipt). */
  @Column({ type: 'text', nullable: true })
  recipientRef: string | null;

  @Column({ type: 'text' })
  template: string;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  payload: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}

/** A signed status callback to a partner site; retried with backoff, then dead-lettered for the admin. */
@Entity('partner_callbacks')
@Index('partner_callbacks_status_idx', ['status', 'createdAt'])
@Index('partner_callbacks_partner_idx', ['partnerId', 'createdAt'])
@Index('partner_callbacks_case_idx', ['caseId'])
export class PartnerCallback {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  partnerId: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @Column({ type: 'jsonb' })
  body: Record<string, unknown>;

  @Column({ type: 'text', default: 'pending' })
  status: 'pending' | 'delivered' | 'dead';

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  /** A test complaint's callback (the partner sandbox): delivered like any other, never on the admin's dead-letter list. */
  @Column({ type: 'boolean', default: false })
  test: boolean;
}
