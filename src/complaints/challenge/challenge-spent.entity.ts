import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A proof-of-work challenge that a complaint was accepted with: one row per challenge (its HMAC signature), written
 * in the intake's transaction, so a challenge is spent exactly when a complaint is taken with it, on any instance.
 * Kept until the challenge would have expired anyway, then purged.
 */
@Entity('challenge_spent')
@Index('challenge_spent_expires_idx', ['expiresAt'])
export class ChallengeSpent {
  /** The challenge's HMAC-SHA-256 signature (hex), unique per challenge issued. */
  @PrimaryColumn({ type: 'text' })
  signature: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
