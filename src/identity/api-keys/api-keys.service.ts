import { Inject, Injectable } from '@nestjs/common';
import { hash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/index.js';
import type { Actor, ApiKeyPrincipal } from '../../platform/access/principal.js';
import { Clock } from '../../platform/clock.js';
import { APP_CONFIG, type AppConfig } from '../../platform/config/config.js';
import type { ApiKeyOwnerKind } from './api-key.entity.js';
import { API_KEY_OWNERS, type ApiKeyOwners } from './api-key-owners.port.js';
import { ApiKeysRepository } from './api-keys.repository.js';
import { ApiKeysError, ApiKeysErrorCode } from './api-keys.errors.js';
import { ApiKeyView, IssuedApiKeyView } from './dto/api-key.dto.js';
import { Transactions } from '../../platform/database/transactions.js';
import { HttpError, HttpErrorCode } from '../../platform/errors/http-error.js';

const KEY_PREFIX = 'srk_';
/** A sandbox key's secret starts with this, so nobody takes one for a live key (a live key never does; see `newSecret`). */
export const TEST_KEY_PREFIX = 'srk_test_';

/** What a new key is for: its owner, its name and, for a partner, whether it is a sandbox (test mode) key. */
export interface NewApiKey {
  ownerKind: ApiKeyOwnerKind;
  ownerId: string;
  name: string;
  testMode?: boolean;
}

/** A fresh secret: `srk_test_` + 43 random characters for a test key, `srk_` + 43 for a live key (never `srk_test_…`). */
function newSecret(testMode: boolean): string {
  for (;;) {
    const random = randomBytes(32).toString('base64url');
    if (testMode) return TEST_KEY_PREFIX + random;
    if (!random.startsWith('test_')) return KEY_PREFIX + random;
  }
}

/**
 * SHA-256 is enough for 256-bit random secrets (no dictionary to attack) and cheap enough for every request;
 * one-shot `crypto.hash`, no Hash object per request.
 */
export const hashApiKey = (key: string) => hash('sha256', key, 'hex');

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly tx: Transactions,
    private readonly keys: ApiKeysRepository,
    @Inject(API_KEY_OWNERS) private readonly owners: ApiKeyOwners,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  issue(actor: Actor, owner: NewApiKey): Promise<IssuedApiKeyView> {
    return this.tx.run((m) => this.issueIn(m, actor, owner));
  }

  /**
   * Issues a key inside the caller's transaction (e.g. when a partner is created). The owner must exist: a key for a
   * partner or agency that does not would authenticate as nobody the rest of the service knows. The owner row is
   * locked (KEY SHARE) until the key is committed. Only a partner's key may be a test-mode key (400 otherwise: an agency
   * has no sandbox).
   */
  async issueIn(m: EntityManager, actor: Actor, owner: NewApiKey): Promise<IssuedApiKeyView> {
    const testMode = owner.testMode === true;
    if (testMode && owner.ownerKind !== 'partner') {
      throw new HttpError(HttpErrorCode.VALIDATION_FAILED, 'Only a partner\'s key can be a test-mode (sandbox) key', {
        errors: [{ field: 'testMode', code: 'PARTNERS_ONLY', message: 'testMode is for partner keys only' }],
      });
    }
    const ownerState = await this.owners.lockForKey(m, owner.ownerKind, owner.ownerId);
    if (ownerState === 'absent') {
      throw new ApiKeysError(ApiKeysErrorCode.API_KEY_OWNER_NOT_FOUND, `No ${owner.ownerKind} has the id ${owner.ownerId}`, {
        errors: [{ field: 'ownerId', code: 'NOT_FOUND', message: `no ${owner.ownerKind} with this id` }],
      });
    }
    const key = newSecret(testMode);
    const row = await this.keys.insert(m, {
      ownerKind: owner.ownerKind,
      ownerId: owner.ownerId,
      name: owner.name,
      prefix: key.slice(0, (testMode ? TEST_KEY_PREFIX : KEY_PREFIX).length + 8),
      secretHash: hashApiKey(key),
      createdBy: actor.principal?.kind === 'user' ? actor.principal.id : null,
      expiresAt: null,
      revokedAt: null,
      replacedBy: null,
      ownerSuspended: ownerState === 'suspended',
      testMode,
    });
    await this.audit.record(m, actor, {
      action: 'api_key.issue',
      resourceType: 'api_key',
      resourceId: row.id,
      details: { ownerKind: row.ownerKind, ownerId: row.ownerId, prefix: row.prefix, ...(testMode ? { testMode } : {}) },
    });
    return { ...ApiKeyView.of(row), key };
  }

  /** Issues a replacement (in the old key's mode: live or test); the old key keeps working for the overlap, then stops. */
  async rotate(actor: Actor, id: string, overlapSeconds?: number, owner?: { ownerKind: ApiKeyOwnerKind; ownerId: string }): Promise<IssuedApiKeyView> {
    const overlap = overlapSeconds ?? this.config.auth.apiKeyRotationOverlapSeconds;
    return this.tx.run(async (m) => {
      const old = await this.lockOwned(m, id, owner);
      if (old.revokedAt) throw new ApiKeysError(ApiKeysErrorCode.API_KEY_ALREADY_REVOKED, 'This key is revoked');
      if (old.replacedBy) throw new ApiKeysError(ApiKeysErrorCode.API_KEY_ALREADY_ROTATED, 'This key was already rotated; rotate its replacement');
      const issued = await this.issueIn(m, actor, { ownerKind: old.ownerKind, ownerId: old.ownerId, name: old.name, testMode: old.testMode });
      old.expiresAt = new Date(this.clock.now().getTime() + overlap * 1000);
      old.replacedBy = issued.id;
      await this.keys.save(m, old);
      await this.audit.record(m, actor, {
        action: 'api_key.rotate',
        resourceType: 'api_key',
        resourceId: old.id,
        details: { replacedBy: issued.id, overlapSeconds: overlap },
      });
      return issued;
    });
  }

  async revoke(actor: Actor, id: string, owner?: { ownerKind: ApiKeyOwnerKind; ownerId: string }): Promise<void> {
    await this.tx.run(async (m) => {
      const key = await this.lockOwned(m, id, owner);
      if (key.revokedAt) throw new ApiKeysError(ApiKeysErrorCode.API_KEY_ALREADY_REVOKED, 'This key is already revoked');
      key.revokedAt = this.clock.now();
      await this.keys.save(m, key);
      await this.audit.record(m, actor, { action: 'api_key.revoke', resourceType: 'api_key', resourceId: key.id });
    });
  }

  /**
   * Marks every key of the owner as suspended (refused as if revoked) or not, inside the owner's transaction that
   * changes its status; the owner's row must be locked FOR UPDATE in `m`, so that a key being issued meanwhile
   * (which holds KEY SHARE on it) is either seen here or sees the new status.
   */
  async setOwnerSuspended(m: EntityManager, owner: { ownerKind: ApiKeyOwnerKind; ownerId: string }, suspended: boolean): Promise<void> {
    await this.keys.markOwnerSuspended(m, owner, suspended);
  }

  async list(filter: { ownerKind?: ApiKeyOwnerKind; ownerId?: string }): Promise<ApiKeyView[]> {
    return (await this.keys.newestFirst(this.tx.manager, filter)).map(ApiKeyView.of);
  }

  /**
   * The principal for a presented key, or null when it is unknown, revoked, rotated out or its owner is suspended.
   * Read fresh on every request (one indexed lookup, the query a cache would save): a key revoked or an owner
   * suspended on any instance is refused by every instance from the moment that commits, with no window while a
   * NOTIFY travels.
   */
  async authenticate(key: string): Promise<ApiKeyPrincipal | null> {
    if (!key.startsWith(KEY_PREFIX) || key.length > 100) return null;
    const rec = await this.keys.findBySecretHash(this.tx.manager, hashApiKey(key));
    if (!rec || rec.refused) return null;
    if (rec.expiresAt !== null && rec.expiresAt.getTime() <= this.clock.now().getTime()) return null;
    return {
      kind: 'api_key',
      keyId: rec.id,
      role: rec.ownerKind === 'partner' ? 'partner' : 'law_enforcement',
      partnerId: rec.ownerKind === 'partner' ? rec.ownerId : null,
      agencyId: rec.ownerKind === 'agency' ? rec.ownerId : null,
      testMode: rec.testMode,
    };
  }

  private async lockOwned(m: EntityManager, id: string, owner?: { ownerKind: ApiKeyOwnerKind; ownerId: string }) {
    const key = await this.keys.lockOwned(m, id, owner);
    if (!key) throw new ApiKeysError(ApiKeysErrorCode.API_KEY_NOT_FOUND, 'API key not found');
    return key;
  }
}
