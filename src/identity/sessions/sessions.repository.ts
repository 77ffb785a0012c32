import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { SessionEndReason } from './auth-session.entity.js';

/** A session row locked for a refresh or sign-out, with the state of the token that was presented. */
export interface LockedSession {
  id: string;
  userId: string;
  tokenVersion: number;
  lastUsedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  /** When the presented token was traded for a newer one (null: it is the live one). */
  tokenSpentAt: Date | null;
}

/** Every query of `auth_sessions` and `auth_session_tokens`, by name. */
@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertSession(m: EntityManager, s: { userId: string; tokenVersion: number; now: Date; expiresAt: Date }): Promise<string> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO auth_sessions (user_id, token_version, created_at, last_used_at, expires_at) VALUES ($1, $2, $3, $3, $4) RETURNING id`,
      [s.userId, s.tokenVersion, s.now, s.expiresAt],
    );
    return rows[0].id;
  }

  async insertToken(m: EntityManager, sessionId: string, tokenHash: string, now: Date): Promise<void> {
    await m.query(`INSERT INTO auth_session_tokens (token_hash, session_id, issued_at) VALUES ($1, $2, $3)`, [tokenHash, sessionId, now]);
  }

  /**
   * The session a token belongs to, locked (FOR UPDATE) until the caller's transaction ends, so two refreshes of one
   * session run one after the other. The token's state is read after the lock is held: a refresh that waited sees the
   * token spent by the one it waited for.
   */
  async lockByToken(m: EntityManager, tokenHash: string): Promise<LockedSession | null> {
    const sessions: Omit<LockedSession, 'tokenSpentAt'>[] = await m.query(
      `SELECT id, user_id AS "userId", token_version AS "tokenVersion", last_used_at AS "lastUsedAt", expires_at AS "expiresAt",
              revoked_at AS "revokedAt"
         FROM auth_sessions
        WHERE id = (SELECT session_id FROM auth_session_tokens WHERE token_hash = $1)
          FOR UPDATE`,
      [tokenHash],
    );
    if (!sessions[0]) return null;
    const tokens: { spentAt: Date | null }[] = await m.query(`SELECT spent_at AS "spentAt" FROM auth_session_tokens WHERE token_hash = $1`, [tokenHash]);
    return { ...sessions[0], tokenSpentAt: tokens[0]?.spentAt ?? null };
  }

  /** Marks the session's live tokens spent: after a rotation only the new one is live. */
  async spendLiveTokens(m: EntityManager, sessionId: string, now: Date): Promise<void> {
    await m.query(`UPDATE auth_session_tokens SET spent_at = $2 WHERE session_id = $1 AND spent_at IS NULL`, [sessionId, now]);
  }

  async touch(m: EntityManager, sessionId: string, now: Date): Promise<void> {
    await m.query(`UPDATE auth_sessions SET last_used_at = $2 WHERE id = $1`, [sessionId, now]);
  }

  /** Ends one session; false when it had already ended. */
  async revoke(m: EntityManager, sessionId: string, now: Date, reason: SessionEndReason): Promise<boolean> {
    const [, count] = await m.query(
      `UPDATE auth_sessions SET revoked_at = $2, revoked_reason = $3 WHERE id = $1 AND revoked_at IS NULL`,
      [sessionId, now, reason],
    );
    return (count as number) > 0;
  }

  /** Ends every open session of a user; how many. */
  async revokeAllOfUser(m: EntityManager, userId: string, now: Date, reason: SessionEndReason): Promise<number> {
    const [, count] = await m.query(
      `UPDATE auth_sessions SET revoked_at = $2, revoked_reason = $3 WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2`,
      [userId, now, reason],
    );
    return count as number;
  }

  /**
   * Deletes sessions (and their tokens) that ended more than a day before `now`: revoked, past their absolute end, or
   * idle for longer than the idle lifetime. The day in between lets a replayed cookie still be told "revoked" or
   * "expired" rather than "unknown". Returns how many sessions were deleted.
   */
  async purgeEnded(now: Date, idleHours: number): Promise<number> {
    const [, count] = await this.dataSource.query(
      `DELETE FROM auth_sessions
        WHERE revoked_at < $1::timestamptz - interval '1 day'
           OR expires_at < $1::timestamptz - interval '1 day'
           OR last_used_at < $1::timestamptz - interval '1 day' - make_interval(hours => $2)`,
      [now, idleHours],
    );
    return count as number;
  }
}
