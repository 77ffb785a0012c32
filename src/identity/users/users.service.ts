import { Injectable, Logger } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { AuditService } from '../../audit/index.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { PrincipalCache } from '../auth/principal-cache.service.js';
import { type Actor, SYSTEM_ACTOR } from '../../platform/access/principal.js';
import { Clock } from '../../platform/clock.js';
import { isForeignKeyViolation, isUniqueViolation } from '../../platform/db-errors.js';
import { decodeCursor, type Page, pageOf } from '../../platform/pagination.js';
import { APP_CONFIG, type AppConfig } from '../../platform/config/config.js';
import { CreateUserDto, ListUsersQuery, UpdateUserDto, UserView } from './dto/user.dto.js';
import type { UserRole } from '../../platform/access/principal.js';
import { UsersError, UsersErrorCode } from './users.errors.js';
import { UsersRepository } from './users.repository.js';
import { Transactions } from '../../platform/database/transactions.js';

const isUserCursor = (v: unknown): v is { createdAt: string; id: string } =>
  typeof v === 'object' && v !== null && typeof (v as { createdAt?: unknown }).createdAt === 'string' &&
  !Number.isNaN(Date.parse((v as { createdAt: string }).createdAt)) &&
  typeof (v as { id?: unknown }).id === 'string' && /^[0-9a-f-]{36}$/i.test((v as { id: string }).id);

function checkBinding(role: UserRole, memberId: string | null, agencyId: string | null): void {
  const errors = [];
  if (role === 'member_rep' && !memberId) errors.push({ field: 'memberId', code: 'REQUIRED', message: 'memberId is required for a member_rep' });
  if (role !== 'member_rep' && memberId) errors.push({ field: 'memberId', code: 'NOT_ALLOWED', message: 'only a member_rep is bound to a member' });
  if (role === 'law_enforcement' && !agencyId) errors.push({ field: 'agencyId', code: 'REQUIRED', message: 'agencyId is required for a law_enforcement liaison' });
  if (role !== 'law_enforcement' && agencyId) errors.push({ field: 'agencyId', code: 'NOT_ALLOWED', message: 'only a law_enforcement liaison is bound to an agency' });
  if (errors.length) throw new UsersError(UsersErrorCode.ROLE_BINDING_INVALID, 'The role and its binding do not match', { errors });
}

const unknownMember = () =>
  new UsersError(UsersErrorCode.ROLE_BINDING_INVALID, 'The member does not exist', {
    errors: [{ field: 'memberId', code: 'UNKNOWN', message: 'memberId is not a known member' }],
  });

const unknownAgency = () =>
  new UsersError(UsersErrorCode.ROLE_BINDING_INVALID, 'The agency does not exist', {
    errors: [{ field: 'agencyId', code: 'UNKNOWN', message: 'agencyId is not a known agency' }],
  });

/** A binding to a member or agency that does not exist is the caller's mistake (400), not a server error. */
const unknownBinding = (e: unknown) =>
  isForeignKeyViolation(e, 'users_member_id_fkey') ? unknownMember() : isForeignKeyViolation(e, 'users_agency_id_fkey') ? unknownAgency() : e;

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly tx: Transactions,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly cache: PrincipalCache,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(actor: Actor, dto: CreateUserDto): Promise<UserView> {
    checkBinding(dto.role, dto.memberId ?? null, dto.agencyId ?? null);
    const passwordHash = await this.hasher.hash(dto.password);
    const taken = () =>
      new UsersError(UsersErrorCode.EMAIL_TAKEN, 'A user with this email already exists', {
        errors: [{ field: 'email', code: 'TAKEN', message: 'email is already in use' }],
      });
    return this.tx.run(async (m) => {
      if (await this.users.emailExists(m, dto.email)) throw taken();
      const user = await this.users
        .insert(m, {
          email: dto.email,
          displayName: dto.displayName,
          passwordHash,
          role: dto.role,
          memberId: dto.memberId ?? null,
          agencyId: dto.agencyId ?? null,
          locale: dto.locale ?? 'zh-CN',
        })
        .catch((e: unknown) => {
          throw isUniqueViolation(e, 'users_email_key') ? taken() : unknownBinding(e);
        });
      await this.audit.record(m, actor, {
        action: 'user.create',
        resourceType: 'user',
        resourceId: user.id,
        payload: { email: user.email, role: user.role },
        details: { role: user.role },
      });
      return UserView.of(user);
    });
  }

  async list(q: ListUsersQuery): Promise<Page<UserView>> {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, isUserCursor);
    const rows = await this.users.list({ role: q.role, q: q.q, after, limit });
    return pageOf(rows, limit, (u) => ({ createdAt: u.createdAt.toISOString(), id: u.id }), UserView.of);
  }

  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserView> {
    const passwordHash = dto.password ? await this.hasher.hash(dto.password) : undefined;
    const view = await this.tx.run(async (m) => {
      const user = await this.users.findById(m, id, true);
      if (!user) throw new UsersError(UsersErrorCode.USER_NOT_FOUND, 'User not found');
      const changed: string[] = [];
      if (dto.disabled === true && actor.principal?.kind === 'user' && actor.principal.id === id) {
        throw new UsersError(UsersErrorCode.CANNOT_DISABLE_SELF, 'An admin cannot disable their own account');
      }
      if (dto.role !== undefined && dto.role !== user.role) {
        user.role = dto.role;
        changed.push('role');
      }
      if (dto.memberId !== undefined && dto.memberId !== user.memberId) {
        user.memberId = dto.memberId;
        changed.push('memberId');
      }
      if (dto.agencyId !== undefined && dto.agencyId !== user.agencyId) {
        user.agencyId = dto.agencyId;
        changed.push('agencyId');
      }
      // A role change drops a binding the new role cannot have, unless the request sets it.
      if (changed.includes('role')) {
        if (user.role !== 'member_rep' && dto.memberId === undefined) user.memberId = null;
        if (user.role !== 'law_enforcement' && dto.agencyId === undefined) user.agencyId = null;
      }
      checkBinding(user.role, user.memberId, user.agencyId);
      if (dto.displayName !== undefined && dto.displayName !== user.displayName) {
        user.displayName = dto.displayName;
        changed.push('displayName');
      }
      if (dto.locale !== undefined && dto.locale !== user.locale) {
        user.locale = dto.locale;
        changed.push('locale');
      }
      let revokeTokens = changed.includes('role') || changed.includes('memberId') || changed.includes('agencyId');
      if (dto.disabled !== undefined && dto.disabled !== (user.disabledAt !== null)) {
        user.disabledAt = dto.disabled ? this.clock.now() : null;
        changed.push('disabled');
        revokeTokens = true;
      }
      if (passwordHash) {
        user.passwordHash = passwordHash;
        changed.push('password');
        revokeTokens = true;
      }
      if (revokeTokens) user.tokenVersion += 1;
      const saved = await this.users.save(m, user).catch((e: unknown) => {
        throw unknownBinding(e);
      });
      await PrincipalCache.announce(m, `user:${id}`);
      await this.audit.record(m, actor, {
        action: 'user.update',
        resourceType: 'user',
        resourceId: id,
        payload: { ...dto, password: dto.password ? '[set]' : undefined },
        details: { changed },
      });
      return UserView.of(saved);
    });
    this.cache.invalidate(`user:${id}`);
    return view;
  }

  /**
   * First start on an empty database: creates an admin from BOOTSTRAP_ADMIN_EMAIL/PASSWORD, or with a
   * generated password written once to a file readable only by its owner (the path is logged, never the password).
   */
  async bootstrapAdmin(): Promise<void> {
    if ((await this.users.countAll()) > 0) return;
    const email = this.config.auth.bootstrapAdminEmail ?? 'admin@localhost';
    let password = this.config.auth.bootstrapAdminPassword;
    let file: string | undefined;
    if (!password) {
      password = randomBytes(18).toString('base64url');
      mkdirSync(this.config.dataDir, { recursive: true });
      file = path.resolve(this.config.dataDir, 'bootstrap-admin.txt');
      writeFileSync(file, `email: ${email}\npassword: ${password}\n`, { mode: 0o600 });
    }
    try {
      await this.create(SYSTEM_ACTOR, { email, password, displayName: 'Administrator', role: 'admin' });
    } catch (e) {
      if (e instanceof UsersError && e.code === UsersErrorCode.EMAIL_TAKEN) return; // another instance was first
      throw e;
    }
    this.logger.log(
      file
        ? `Created the first admin (${email}); its generated password is in ${file} (readable only by this user)`
        : `Created the first admin (${email}) from BOOTSTRAP_ADMIN_EMAIL`,
    );
  }
}
