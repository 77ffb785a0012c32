import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One append-only audit entry. Entries are chained per stream (one stream per audited resource), so
 * writers to different resources never contend; checkpoints seal all streams periodically.
 */
@Entity('audit_log')
@Index('audit_log_stream_seq_key', ['stream', 'streamSeq'], { unique: true })
@Index('audit_log_resource_idx', ['resourceType', 'resourceId'])
@Index('audit_log_xid_idx', ['xid'])
@Index('audit_log_actor_idx', ['actorId'])
export class AuditEntry {
  @PrimaryColumn({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'text' })
  stream: string;

  @Column({ type: 'integer' })
  streamSeq: number;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'text' })
  actorType: string;

  @Column({ type: 'text', nullable: true })
  actorId: string | null;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text' })
  resourceType: string;

  @Column({ type: 'text' })
  resourceId: string;

  @Column({ type: 'text', nullable: true })
  requestId: string | null;

  /** SHA-256 of the canonical JSON of what was written or read; the payload itself may hold personal data. */
  @Column({ type: 'text', nullable: true })
  payloadDigest: string | null;

  /** Non-personal details (changed field names, codes). */
  @Column({ type: 'jsonb', nullable: true })
  details: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  prevHash: string | null;

  @Column({ type: 'text' })
  hash: string;

  /** The writing transaction's id (xid8 as bigint): checkpoints seal entries by committed transaction ranges. */
  @Column({ type: 'bigint' })
  xid: string;
}
