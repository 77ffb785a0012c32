import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const PARTNER_STATUSES = ['active', 'suspended'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

/** A partner website that embeds a complaint window and submits complaints through the partner API. */
@Entity('partners')
@Check('partners_status_check', `status IN ('active','suspended')`)
export class Partner {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('partners_name_key', { unique: true })
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  domains: string[];

  @Column({ type: 'text', nullable: true })
  callbackUrl: string | null;

  /** HMAC secret for signed status callbacks, encrypted at rest (AES-256-GCM) because it must be used, not only checked. */
  @Column({ type: 'bytea', nullable: true })
  callbackSecretEnc: Buffer | null;

  @Column({ type: 'text', nullable: true })
  callbackKeyId: string | null;

  /**
   * The callback secret predates Standard Webhooks (issue #15): its callbacks also carry the legacy `X-Signature`
   * until `CALLBACK_LEGACY_SIGNATURE_UNTIL`; a new secret (rotation) clears it.
   */
  @Column({ type: 'boolean', default: false })
  callbackLegacySignature: boolean;

  @Column({ type: 'text', default: 'active' })
  status: PartnerStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
