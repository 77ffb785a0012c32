import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Member } from '../../register/index.js';
import { Convention, ConventionVersion } from '../conventions/convention.entity.js';

export const SIGNATURE_STATUSES = ['active', 'renewal_pending', 'renewed', 'withdrawn'] as const;
export type SignatureStatus = (typeof SIGNATURE_STATUSES)[number];

/** Statuses of the (at most one) current signature of a member on a convention. */
export const CURRENT_SIGNATURE_STATUSES: SignatureStatus[] = ['active', 'renewal_pending'];

export const SIGNATURE_METHODS = ['online', 'paper'] as const;
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number];

/**
 * One member's signature of one published convention version. Never deleted: it binds on the calendar
 * days [valid_from, binding end), where the end is the earlier of `ended_on` (withdrawal or renewal)
 * and the day after `renewal_due_on` (a renewal that was never signed); no end means it still binds.
 */
@Entity('signatures')
@Check('signatures_status_check', `status IN ('active','renewal_pending','renewed','withdrawn')`)
@Check('signatures_method_check', `method IN ('online','paper')`)
@Check('signatures_paper_document_check', `method = 'online' OR document_sha256 IS NOT NULL`)
@Check('signatures_withdrawn_check', `(status = 'withdrawn') = (withdrawn_at IS NOT NULL)`)
@Check('signatures_ended_check', `status IN ('active','renewal_pending') OR ended_on IS NOT NULL`)
@Index('signatures_one_current_key', ['memberId', 'conventionId'], { unique: true, where: `"status" IN ('active','renewal_pending')` })
@Index('signatures_member_convention_idx', ['memberId', 'conventionId', 'createdAt'])
@Index('signatures_version_status_idx', ['versionId', 'status'])
@Index('signatures_convention_member_idx', ['conventionId', 'memberId', 'createdAt'])
export class Signature {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'signatures_member_id_fkey' })
  member?: Member;

  @Column({ type: 'uuid' })
  conventionId: string;

  @ManyToOne(() => Convention, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'convention_id', foreignKeyConstraintName: 'signatures_convention_id_fkey' })
  convention?: Convention;

  @Column({ type: 'uuid' })
  versionId: string;

  @ManyToOne(() => ConventionVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'version_id', foreignKeyConstraintName: 'signatures_version_id_fkey' })
  versionRef?: ConventionVersion;

  @Column({ type: 'text', default: 'active' })
  status: SignatureStatus;

  @Column({ type: 'text' })
  method: SignatureMethod;

  @Column({ type: 'text' })
  signatoryName: string;

  @Column({ type: 'text' })
  signatoryTitle: string;

  @Column({ type: 'timestamptz' })
  signedAt: Date;

  /** The version's text hash at signing: what exactly was signed. */
  @Column({ type: 'text' })
  textHash: string;

  /** Article numbers subscribed to; null: all articles of the version. */
  @Column({ type: 'integer', array: true, nullable: true })
  articles: number[] | null;

  /** First day bound: the later of the signing day and the version's effective date (China Standard Time). */
  @Column({ type: 'date' })
  validFrom: string;

  /** First day no longer bound (withdrawal or renewal); null while current. */
  @Column({ type: 'date', nullable: true })
  endedOn: string | null;

  /** Set when a newer version was published: last day this signature still binds unless renewed sooner. */
  @Column({ type: 'date', nullable: true })
  renewalDueOn: string | null;

  /** The signature of the newer version that renewed this one. */
  @Column({ type: 'uuid', nullable: true })
  renewedBy: string | null;

  @ManyToOne(() => Signature, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'renewed_by', foreignKeyConstraintName: 'signatures_renewed_by_fkey' })
  renewedByRef?: Signature;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @Column({ type: 'text', nullable: true })
  withdrawalReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  withdrawnBy: string | null;

  /** Paper ceremony: the scanned document in blob storage (SHA-256 of its bytes), its name, type and size. */
  @Column({ type: 'text', nullable: true })
  documentSha256: string | null;

  @Column({ type: 'text', nullable: true })
  documentFileName: string | null;

  @Column({ type: 'text', nullable: true })
  documentContentType: string | null;

  @Column({ type: 'integer', nullable: true })
  documentSize: number | null;

  /** The user who signed online or recorded the paper signature. */
  @Column({ type: 'uuid', nullable: true })
  recordedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
