import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Seals every audit entry written by transactions with xid in [xidFrom, xidTo): a hash over the ordered batch, chained. */
@Entity('audit_checkpoints')
export class AuditCheckpoint {
  @PrimaryColumn({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'bigint' })
  xidFrom: string;

  @Column({ type: 'bigint' })
  xidTo: string;

  @Column({ type: 'integer' })
  entryCount: number;

  @Column({ type: 'text' })
  batchHash: string;

  @Column({ type: 'text', nullable: true })
  prevHash: string | null;

  @Column({ type: 'text' })
  hash: string;

  @Column({ type: 'timestamptz' })
  createdAt: Date;
}
