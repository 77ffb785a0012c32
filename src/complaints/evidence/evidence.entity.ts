import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CaseRecord } from '../../cases/index.js';

/** An evidence file's metadata; the bytes are stored content-addressed (by SHA-256) and never change. */
@Entity('evidence')
@Index('evidence_case_sha256_key', ['caseId', 'sha256'], { unique: true })
// Whether any row still references a content hash, before its blob is deleted (the case purge; migration TestCases).
@Index('evidence_sha256_idx', ['sha256'])
export class Evidence {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'evidence_case_id_fkey' })
  caseRef?: CaseRecord;

  @Column({ type: 'text' })
  sha256: string;

  @Column({ type: 'bigint' })
  size: string;

  /** Decided by sniffing the content, not by the client's claim. */
  @Column({ type: 'text' })
  mediaType: string;

  @Column({ type: 'text' })
  fileName: string;

  @Column({ type: 'text' })
  uploadedByKind: string;

  @Column({ type: 'text', nullable: true })
  uploadedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Set when staff share the item with the respondent (who may then download it); null while it is not shared. */
  @Column({ type: 'timestamptz', nullable: true })
  sharedWithRespondentAt: Date | null;

  /** The staff user who shared it. */
  @Column({ type: 'uuid', nullable: true })
  sharedBy: string | null;
}
