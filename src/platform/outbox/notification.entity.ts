import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The outbox: one row per thing someone must hear of (a template about a case, a member, a bulletin…), written in the
 * transaction that made it true. The mail context turns each row into messages for its recipients (`dispatchedAt` is
 * when it did); the row itself names recipients only by reference (a member, an agency, a case, a user), never by
 * address.
 */
@Entity('notifications')
@Index('notifications_recipient_idx', ['recipientKind', 'recipientRef', 'createdAt'])
@Index('notifications_case_idx', ['caseId'])
// The dispatcher's claim reads only the rows not yet dispatched, oldest first (partial index, created in the migration).
@Index('notifications_undispatched_idx', { synchronize: false })
// A source that must not tell twice (a daily job run again) names its message; a second row with the name is not written.
@Index('notifications_dedupe_key', ['dedupeKey'], { unique: true, where: '"dedupe_key" IS NOT NULL' })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  caseId: string | null;

  @Column({ type: 'text' })
  recipientKind: string;

  /** Member id, agency id, user id, bulletin id, or the case id for the complainant (reached through the case). */
  @Column({ type: 'text', nullable: true })
  recipientRef: string | null;

  @Column({ type: 'text' })
  template: string;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  payload: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** The source's name for this message when it must be written at most once (`self_inspection_due:<member>:<convention>:<period>`). */
  @Column({ type: 'text', nullable: true })
  dedupeKey: string | null;

  /** When the mail context resolved its recipients and queued their messages (null: still to do). */
  @Column({ type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null;
}
