import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A partner's Idempotency-Key: the first request's body hash and, once finished, its sealed response. */
@Entity('idempotency_keys')
@Index('idempotency_keys_expires_idx', ['expiresAt'])
export class IdempotencyKey {
  @PrimaryColumn({ type: 'uuid' })
  partnerId: string;

  /**
   * Made with a test-mode (sandbox) key: a partner's sandbox and live integration have separate key spaces, so the same
   * Idempotency-Key never replays one's receipt to the other. Test rows are purged with the test complaints.
   */
  @PrimaryColumn({ type: 'boolean', default: false })
  test: boolean;

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

  /** The response body sealed with the data key (it holds receipt codes); AAD binds it to partner, route and key. */
  @Column({ type: 'bytea', nullable: true })
  responseSealed: Buffer | null;

  @Column({ type: 'text', nullable: true })
  responseKeyId: string | null;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
