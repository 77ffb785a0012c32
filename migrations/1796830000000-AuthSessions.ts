import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Browser sessions for the console (issue #16): a session per sign-in and every refresh token it issued, by SHA-256
 * only. Owned by `identity`; ended sessions are deleted by the daily `auth-session-purge` job (tokens with them).
 */
export class AuthSessions1796830000000 implements MigrationInterface {
  name = 'AuthSessions1796830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "auth_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_used_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" text, CONSTRAINT "auth_sessions_reason_check" CHECK (revoked_reason IN ('sign_out','reuse','password_change')), CONSTRAINT "auth_sessions_revoked_check" CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL)), CONSTRAINT "auth_sessions_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "auth_sessions_user_idx" ON "auth_sessions" ("user_id") `);
    await q.query(`CREATE INDEX "auth_sessions_expires_idx" ON "auth_sessions" ("expires_at") `);
    await q.query(
      `CREATE TABLE "auth_session_tokens" ("token_hash" text NOT NULL, "session_id" uuid NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "spent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "auth_session_tokens_pkey" PRIMARY KEY ("token_hash"))`,
    );
    await q.query(`CREATE INDEX "auth_session_tokens_session_idx" ON "auth_session_tokens" ("session_id") `);
    await q.query(
      `ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "auth_session_tokens" ADD CONSTRAINT "auth_session_tokens_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "auth_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "auth_session_tokens"`);
    await q.query(`DROP TABLE "auth_sessions"`);
  }
}
