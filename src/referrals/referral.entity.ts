import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Agency } from '../parties/index.js';
import { CaseRecord } from '../cases/index.js';
import { SigningKey } from './signing-key.entity.js';

/**
 * A referral of a case to one agency and its packet, frozen when the referral was approved: the
 * canonical JSON bytes (encrypted at rest: they hold the complainant's identity), their SHA-256 and
 * the Ed25519 signature. Acknowledgement and outcome are read from the case history (the one door
 * records them); only the retraction is marked here, by the `retractReferral` effect.
 */
@Entity('referrals')
@Index('referrals_agency_created_idx', ['agencyId', 'createdAt'])
@Index('referrals_created_idx', ['createdAt'])
export class Referral {
  /** Also the packet id inside the packet. */
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('referrals_case_idx')
  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'referrals_case_id_fkey' })
  caseRef?: CaseRecord;

  @Column({ type: 'uuid' })
  agencyId: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'referrals_agency_id_fkey' })
  agency?: Agency;

  /** The case history entry (seq) of the approval: later LE_ACKNOWLEDGE / LE_CONCLUDE entries belong to this referral. */
  @Column({ type: 'integer' })
  approvedSeq: number;

  @Column({ type: 'integer' })
  schemaVersion: number;

  /** The canonical packet bytes, AES-256-GCM sealed (AAD `referral:<id>:packet`). */
  @Column({ type: 'bytea' })
  packetEnc: Buffer;

  @Column({ type: 'text' })
  packetKeyId: string;

  @Column({ type: 'integer' })
  packetSize: number;

  /** SHA-256 (hex) of the canonical packet bytes. */
  @Column({ type: 'text' })
  sha256: string;

  /** Ed25519 signature over the canonical packet bytes, base64. */
  @Column({ type: 'text' })
  signature: string;

  @Column({ type: 'text' })
  signingKeyId: string;

  @ManyToOne(() => SigningKey, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'signing_key_id', referencedColumnName: 'kid', foreignKeyConstraintName: 'referrals_signing_key_id_fkey' })
  signingKey?: SigningKey;

  @Column({ type: 'text', nullable: true })
  proposedBy: string | null;

  @Column({ type: 'text', nullable: true })
  approvedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  retractedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  retractedBy: string | null;

  @Column({ type: 'text', nullable: true })
  retractionReason: string | null;

  /** When the agency acknowledged it (LE_ACKNOWLEDGE), with its own reference number. */
  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  referenceNumber: string | null;

  /** When the agency concluded it (LE_CONCLUDE), with the outcome it reported. */
  @Column({ type: 'timestamptz', nullable: true })
  concludedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  outcome: string | null;
}

export const CUSTODY_ARTIFACTS = ['packet', 'zip', 'evidence'] as const;
export type CustodyArtifact = (typeof CUSTODY_ARTIFACTS)[number];

/** Chain of custody: one row per fetch of a referral's packet, ZIP or evidence file, written before the bytes leave. */
@Entity('referral_custody')
@Index('referral_custody_referral_idx', ['referralId', 'id'])
export class CustodyEntry {
  @PrimaryColumn({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'uuid' })
  referralId: string;

  @ManyToOne(() => Referral, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'referral_id', foreignKeyConstraintName: 'referral_custody_referral_id_fkey' })
  referral?: Referral;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  /** `user` or `api_key`. */
  @Column({ type: 'text' })
  actorType: string;

  @Column({ type: 'text' })
  actorId: string;

  @Column({ type: 'text' })
  actorRole: string;

  /** The liaison's agency; null for association staff. */
  @Column({ type: 'uuid', nullable: true })
  agencyId: string | null;

  @Column({ type: 'text' })
  artifact: CustodyArtifact;

  @Column({ type: 'uuid', nullable: true })
  evidenceId: string | null;

  /** The SHA-256 of the packet handed over (and of the evidence file, for an evidence fetch). */
  @Column({ type: 'text' })
  packetSha256: string;

  @Column({ type: 'text', nullable: true })
  evidenceSha256: string | null;

  @Column({ type: 'text', nullable: true })
  requestId: string | null;
}
