import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

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
  status: 'pending' | 'delivered' | 'dead' | 'skipped';

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
