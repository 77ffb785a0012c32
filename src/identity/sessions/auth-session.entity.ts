import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity.js';

export const SESSION_END_REASONS = ['sign_out', 'reuse', 'password_change'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/**
 * A console sign-in (issue #16): the browser holds a refresh token in an HttpOnly cookie and trades it for short-lived
 * access tokens. The session ends when it is revoked (sign-out, a spent token presented again, a password change),
 * when it is not used for `SESSION_IDLE_HOURS`, at `expires_at` (`SESSION_MAX_DAYS` after sign-in), or when the user's
 * token version moves on (disabled, password reset, role changed). Ended rows are deleted by `auth-session-purge`.
 */
@Entity('auth_sessions')
@Check('auth_sessions_revoked_check', `(revoked_at IS NULL) = (revoked_reason IS NULL)`)
@Check('auth_sessions_reason_check', `revoked_reason IN ('sign_out','reuse','password_change')`)
@Index('auth_sessions_expires_idx', ['expiresAt'])
export class AuthSession {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'auth_sessions_pkey' })
  id: string;

  @Index('auth_sessions_user_idx')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'auth_sessions_user_id_fkey' })
  user?: User;

  /** The user's token version at sign-in: once it moves on, the session is over. */
  @Column({ type: 'integer' })
  tokenVersion: number;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  /** The last sign-in or refresh: the idle lifetime counts from here. */
  @Column({ type: 'timestamptz' })
  lastUsedAt: Date;

  /** The absolute end: `SESSION_MAX_DAYS` after sign-in. */
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  revokedReason: SessionEndReason | null;
}

/**
 * Every refresh token a session has issued, by its SHA-256 (the token itself is never stored). A token is spent when
 * it is traded for a new one; a spent token presented again after the grace period is the theft signal that revokes
 * the session. Kept as long as the session, so a token any number of rotations old is still recognised.
 */
@Entity('auth_session_tokens')
export class AuthSessionToken {
  /** SHA-256 of the token, hex. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'auth_session_tokens_pkey' })
  tokenHash: string;

  @Index('auth_session_tokens_session_idx')
  @Column({ type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => AuthSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'auth_session_tokens_session_id_fkey' })
  session?: AuthSession;

  @Column({ type: 'timestamptz' })
  issuedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  spentAt: Date | null;
}
