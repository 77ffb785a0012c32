import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const API_KEY_OWNER_KINDS = ['partner', 'agency'] as const;
export type ApiKeyOwnerKind = (typeof API_KEY_OWNER_KINDS)[number];

/** A machine client's key. Only the SHA-256 of the secret is kept; the secret is shown once. */
@Entity('api_keys')
@Check('api_keys_owner_kind_check', `owner_kind IN ('partner','agency')`)
@Index('api_keys_owner_idx', ['ownerKind', 'ownerId'])
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  ownerKind: ApiKeyOwnerKind;

  @Column({ type: 'uuid' })
  ownerId: string;

  @Column({ type: 'text' })
  name: string;

  /** The visible start of the key, e.g. `srk_a1b2c3d4` (live) or `srk_test_a1b2c3d4` (test mode), so people can tell keys apart. */
  @Column({ type: 'text' })
  prefix: string;

  @Index('api_keys_secret_hash_key', { unique: true })
  @Column({ type: 'text' })
  secretHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  /** Set when the key is rotated out: it keeps working until then. */
  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  replacedBy: string | null;

  /**
   * The owner is suspended (a partner whose status is not `active`): its keys are refused as if revoked. Kept on the
   * key by the owner's context in the suspension's own transaction, so authenticating is one indexed lookup.
   */
  @Column({ type: 'boolean', default: false })
  ownerSuspended: boolean;

  /**
   * A partner's sandbox key (issue #14; its secret starts `srk_test_`): its complaints are test cases, kept apart from
   * everything staff, respondents and the public see, and purged after 7 days. Fixed at issue; a rotation keeps it.
   */
  @Column({ type: 'boolean', default: false })
  testMode: boolean;
}
