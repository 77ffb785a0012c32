import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { containsPattern } from '../../platform/sql.js';
import type { UserRole } from '../../platform/access/principal.js';
import { User, type UserLocale } from './user.entity.js';

/** An enabled account as a mail recipient. */
export interface MailRecipientRow {
  id: string;
  email: string;
  displayName: string;
  locale: UserLocale;
  role: UserRole;
}

/** Which enabled accounts: by role, of a member, of an agency, or by id (conditions combine with AND). */
export interface MailRecipientFilter {
  roles?: readonly UserRole[];
  memberId?: string;
  agencyId?: string;
  ids?: readonly string[];
}

export interface UserAuthState {
  id: string;
  email: string;
  role: UserRole;
  memberId: string | null;
  agencyId: string | null;
  disabled: boolean;
  tokenVersion: number;
}

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The user's status as authentication checks it; in the caller's transaction when given one. */
  async findAuthState(id: string, m: EntityManager = this.dataSource.manager): Promise<UserAuthState | null> {
    const rows = await m.query(
      `SELECT id, email, role, member_id AS "memberId", agency_id AS "agencyId", disabled_at IS NOT NULL AS disabled,
              token_version AS "tokenVersion"
         FROM users WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** What `GET /v1/auth/me` adds for a user: the name and the language of the console and mail. */
  async findProfile(id: string): Promise<{ displayName: string; locale: UserLocale } | null> {
    const rows = await this.dataSource.query(`SELECT display_name AS "displayName", locale FROM users WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /**
   * Sets a new password and raises the token version (every access token dies), only if the password is still the one
   * the caller checked (a change racing with another refuses one of them); the new token version, or null.
   */
  async replacePassword(m: EntityManager, id: string, checkedHash: string, newHash: string): Promise<number | null> {
    const [rows] = await m.query(
      `UPDATE users SET password_hash = $3, token_version = token_version + 1, updated_at = now()
        WHERE id = $1 AND password_hash = $2 AND disabled_at IS NULL
        RETURNING token_version AS "tokenVersion"`,
      [id, checkedHash, newHash],
    );
    return (rows as { tokenVersion: number }[])[0]?.tokenVersion ?? null;
  }

  findByEmail(email: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOneBy({ email: email.trim().toLowerCase() });
  }

  /** The account's display name, or null when there is no such account (a staff case view's assignee). */
  async displayNameOf(id: string): Promise<string | null> {
    const rows: { displayName: string }[] = await this.dataSource.query('SELECT display_name AS "displayName" FROM users WHERE id = $1', [id]);
    return rows[0]?.displayName ?? null;
  }

  findById(m: EntityManager, id: string, lock = false): Promise<User | null> {
    const qb = m.getRepository(User).createQueryBuilder('u').where('u.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  /** A new, enabled user with token version 0; a taken email fails on `users_email_key`. */
  insert(m: EntityManager, u: Pick<User, 'email' | 'displayName' | 'passwordHash' | 'role' | 'memberId' | 'agencyId' | 'locale'>): Promise<User> {
    const repo = m.getRepository(User);
    return repo.save(repo.create({ ...u, disabledAt: null, tokenVersion: 0 }));
  }

  save(m: EntityManager, user: User): Promise<User> {
    return m.getRepository(User).save(user);
  }

  async emailExists(m: EntityManager, email: string): Promise<boolean> {
    return (await m.getRepository(User).countBy({ email })) > 0;
  }

  async countAll(): Promise<number> {
    return this.dataSource.getRepository(User).count();
  }

  /** Newest first; keyset on (created_at, id). */
  list(f: { role?: UserRole; q?: string; after?: { createdAt: string; id: string }; limit: number }): Promise<User[]> {
    const qb = this.dataSource.getRepository(User).createQueryBuilder('u');
    if (f.role) qb.andWhere('u.role = :role', { role: f.role });
    if (f.q) qb.andWhere(`(u.email ILIKE :q OR u.display_name ILIKE :q)`, { q: containsPattern(f.q) });
    if (f.after) qb.andWhere('(u.created_at, u.id) < (:ca, :id)', { ca: f.after.createdAt, id: f.after.id });
    return qb.orderBy('u.created_at', 'DESC').addOrderBy('u.id', 'DESC').limit(f.limit + 1).getMany();
  }

  /** Enabled accounts matching the filter, for mail (never a disabled account). */
  mailRecipients(m: EntityManager, f: MailRecipientFilter): Promise<MailRecipientRow[]> {
    const where = ['disabled_at IS NULL'];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.roles) add('role = ANY(?::text[])', f.roles);
    if (f.memberId) add('member_id = ?', f.memberId);
    if (f.agencyId) add('agency_id = ?', f.agencyId);
    if (f.ids) add('id = ANY(?::uuid[])', f.ids);
    return m.query(
      `SELECT id, email, display_name AS "displayName", locale, role FROM users WHERE ${where.join(' AND ')} ORDER BY created_at, id`,
      params,
    );
  }

  /** The language of this account's mail (the account itself chooses it). */
  async setLocale(m: EntityManager, id: string, locale: UserLocale): Promise<void> {
    await m.query('UPDATE users SET locale = $2, updated_at = now() WHERE id = $1', [id, locale]);
  }

  async localeOf(m: EntityManager, id: string): Promise<UserLocale | null> {
    const rows = await m.query('SELECT locale FROM users WHERE id = $1', [id]);
    return rows[0]?.locale ?? null;
  }
}
