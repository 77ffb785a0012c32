import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/index.js';
import type { Actor } from '../../platform/access/principal.js';
import { Clock } from '../../platform/clock.js';
import { Transactions } from '../../platform/database/transactions.js';
import type { FieldError } from '../../platform/errors/app-error.js';
import { HttpError, HttpErrorCode } from '../../platform/errors/http-error.js';
import { PartnersError, PartnersErrorCode } from '../partners/partners.errors.js';
import { PartnersRepository } from '../partners/partners.repository.js';
import { type CreateSiteKeyDto, type PublicSiteKeyView, SiteKeyView, type UpdateSiteKeyDto } from './dto/site-key.dto.js';
import { normalizeOrigin } from './origins.js';
import type { SiteKey } from './site-key.entity.js';
import { SiteKeysError, SiteKeysErrorCode } from './site-keys.errors.js';
import { type ResolvedSiteKey, SiteKeysRepository } from './site-keys.repository.js';

/** The shape of every key this service issues (live and test mode alike); anything else is not looked up. */
export const SITE_KEY_PATTERN = /^wk_[A-Za-z0-9_-]{24}$/;

/** A test-mode site key starts with this (a live key never does), so nobody takes one for a live window's key. */
export const TEST_SITE_KEY_PREFIX = 'wk_test_';

/** A fresh key: `wk_` + 24 base64url characters; a test-mode key's first five of them are `test_`. */
function newSiteKey(testMode: boolean): string {
  if (testMode) return TEST_SITE_KEY_PREFIX + randomBytes(15).toString('base64url').slice(0, 19);
  for (;;) {
    const key = `wk_${randomBytes(18).toString('base64url')}`;
    if (!key.startsWith(TEST_SITE_KEY_PREFIX)) return key;
  }
}

const notFound = () => new SiteKeysError(SiteKeysErrorCode.SITE_KEY_NOT_FOUND, 'Site key not found');

/** Normalised, de-duplicated origins, or a 400 naming each bad one by its index (`allowedOrigins[2]`). */
function normalizeOrigins(input: string[]): string[] {
  const errors: FieldError[] = [];
  const out: string[] = [];
  input.forEach((raw, i) => {
    const origin = normalizeOrigin(raw);
    if (origin === null) {
      errors.push({ field: `allowedOrigins[${i}]`, code: 'INVALID_ORIGIN', message: 'must be an origin: http(s)://host[:port], no path, no wildcard' });
    } else if (!out.includes(origin)) {
      out.push(origin);
    }
  });
  if (errors.length) throw new HttpError(HttpErrorCode.VALIDATION_FAILED, 'The request has invalid fields', { errors });
  return out;
}

/** Partners' public site keys: issued and managed by admins, resolved by intake and the window pages. */
@Injectable()
export class SiteKeysService {
  constructor(
    private readonly tx: Transactions,
    private readonly keys: SiteKeysRepository,
    private readonly partners: PartnersRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  create(actor: Actor, partnerId: string, dto: CreateSiteKeyDto): Promise<SiteKeyView> {
    const allowedOrigins = normalizeOrigins(dto.allowedOrigins);
    return this.tx.run(async (m) => {
      await this.partner(m, partnerId);
      const createdBy = actor.principal?.kind === 'user' ? actor.principal.id : null;
      const testMode = dto.testMode === true;
      const key = await this.keys.insert(m, { partnerId, key: newSiteKey(testMode), name: dto.name ?? null, allowedOrigins, createdBy, testMode });
      await this.audit.record(m, actor, {
        action: 'site_key.create',
        resourceType: 'site_key',
        resourceId: key.id,
        payload: { partnerId, name: key.name, allowedOrigins, testMode },
        details: { partnerId, origins: allowedOrigins.length, ...(testMode ? { testMode } : {}) },
      });
      return SiteKeyView.of(key);
    });
  }

  async list(partnerId: string): Promise<SiteKeyView[]> {
    const m = this.tx.manager;
    await this.partner(m, partnerId);
    return (await this.keys.newestFirstOfPartner(m, partnerId)).map(SiteKeyView.of);
  }

  update(actor: Actor, partnerId: string, siteKeyId: string, dto: UpdateSiteKeyDto): Promise<SiteKeyView> {
    const allowedOrigins = dto.allowedOrigins === undefined ? undefined : normalizeOrigins(dto.allowedOrigins);
    return this.tx.run(async (m) => {
      const key = await this.usableForChange(m, partnerId, siteKeyId);
      const changed: string[] = [];
      if (dto.name !== undefined) {
        key.name = dto.name;
        changed.push('name');
      }
      if (allowedOrigins !== undefined) {
        key.allowedOrigins = allowedOrigins;
        changed.push('allowedOrigins');
      }
      await this.keys.save(m, key);
      await this.audit.record(m, actor, {
        action: 'site_key.update',
        resourceType: 'site_key',
        resourceId: key.id,
        payload: { partnerId, ...dto },
        details: { partnerId, changed, origins: key.allowedOrigins.length },
      });
      return SiteKeyView.of(key);
    });
  }

  /** Revokes the key at once: every instance refuses it from this commit (it is read fresh on each use). */
  revoke(actor: Actor, partnerId: string, siteKeyId: string): Promise<void> {
    return this.tx.run(async (m) => {
      const key = await this.usableForChange(m, partnerId, siteKeyId);
      key.revokedAt = this.clock.now();
      await this.keys.save(m, key);
      await this.audit.record(m, actor, { action: 'site_key.revoke', resourceType: 'site_key', resourceId: key.id, details: { partnerId } });
    });
  }

  /**
   * The key's partner and allowed origins; null when the key is unknown or revoked or its partner is suspended.
   * Read fresh on every call (one indexed lookup), so a revocation or suspension holds on every instance at once.
   */
  async resolve(key: string): Promise<ResolvedSiteKey | null> {
    if (typeof key !== 'string' || !SITE_KEY_PATTERN.test(key)) return null;
    return this.keys.usable(this.tx.manager, key);
  }

  /** What the window page may know of its key: 404 SITE_KEY_NOT_FOUND when it is not usable. */
  async publicView(key: string): Promise<PublicSiteKeyView> {
    const found = await this.resolve(key);
    if (!found) throw notFound();
    return { partnerName: found.partnerName, allowedOrigins: found.allowedOrigins, testMode: found.testMode };
  }

  private async usableForChange(m: EntityManager, partnerId: string, siteKeyId: string): Promise<SiteKey> {
    await this.partner(m, partnerId);
    const key = await this.keys.findOfPartner(m, partnerId, siteKeyId, true);
    if (!key) throw notFound();
    if (key.revokedAt) throw new SiteKeysError(SiteKeysErrorCode.SITE_KEY_ALREADY_REVOKED, 'This site key is revoked');
    return key;
  }

  private async partner(m: EntityManager, id: string): Promise<void> {
    if (!(await this.partners.findById(m, id))) throw new PartnersError(PartnersErrorCode.PARTNER_NOT_FOUND, 'Partner not found');
  }
}
