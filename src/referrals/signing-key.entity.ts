import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Every public key that has signed referral packets. An instance registers its key at start-up; a
 * rotated-out key stays here (and in the published JWKS) so packets it signed remain verifiable.
 */
@Entity('signing_keys')
export class SigningKey {
  @PrimaryColumn({ type: 'text' })
  kid: string;

  @Column({ type: 'text', default: 'Ed25519' })
  algorithm: string;

  /** The raw 32-byte public key, base64url (the JWK `x` member). */
  @Column({ type: 'text' })
  publicKey: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
