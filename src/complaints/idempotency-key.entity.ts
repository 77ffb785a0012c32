import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A partner's Idempotency-Key: the first request's body hash and, once finished, its response. */
@Entity('idempotency_keys')
@Index('idempotency_keys_expires_idx', ['expiresAt'])
export class IdempotencyKey {
  @PrimaryColumn({ type: 'uuid' })
  partnerId: string;

  @PrimaryColumn({ type: 'text' })
  key: string;

  @PrimaryColumn({ type: 'text' })
  route: string;

  @Column({ type: 'text' })
  requestHash: string;

  @Column({ type: 'text' })
  status: 'in_progress' | 'completed';

  @Column({ type: 'integer', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'jsonb', nullable: true })
  responseBody: unknown;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
