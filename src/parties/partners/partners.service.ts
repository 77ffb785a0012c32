import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ApiKeysService } from '../../identity/index.js';
import type { ApiKeyView, IssuedApiKeyView } from '../../identity/index.js';
import { AuditService } from '../../audit/index.js';
import type { Actor } from '../../platform/access/principal.js';
import { FieldCipher } from '../../platform/crypto/field-cipher.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import { HttpError, HttpErrorCode } from '../../platform/errors/http-error.js';
import { type CreatedPartnerView, type CreatePartnerDto, type PartnerNamesQuery, type PartnerNameView, PartnerView, type UpdatePartnerDto } from './dto/partner.dto.js';
import type { Partner } from './partner.entity.js';
import { PartnersRepository } from './partners.repository.js';
import { PartnersError, PartnersErrorCode } from './partners.errors.js';
import { Transactions } from '../../platform/database/transactions.js';

/** A partner's callback destination, as the delivery job needs it. */
export interface CallbackTarget {
  url: string;
  /** `whsec_…`: standard base64 of the key, or base64url for a secret issued before Standard Webhooks. */
  secret: string;
  /** Also send the legacy `X-Signature` (until `CALLBACK_LEGACY_SIGNATURE_UNTIL`). */
  legacySignature: boolean;
}

const nameTaken = () =>
  new PartnersError(PartnersErrorCode.PARTNER_NAME_TAKEN, 'A partner with this name exists', {
    errors: [{ field: 'name', code: 'TAKEN', message: 'name is already in use' }],
  });

@Injectable()
export class PartnersService {
  constructor(
    private readonly tx: Transactions,
    private readonly partners: PartnersRepository,
    private readonly apiKeys: ApiKeysService,
    private readonly audit: AuditService,
    private readonly cipher: FieldCipher,
  ) {}

  /** Creates the partner with its first API key and callback secret, each shown once. */
  create(actor: Actor, dto: CreatePartnerDto): Promise<CreatedPartnerView> {
    return this.tx.run(async (m) => {
      const partner = await this.partners.insert(m, { name: dto.name, domains: dto.domains ?? [], callbackUrl: dto.callbackUrl ?? null }).catch((e: unknown) => {
        throw isUniqueViolation(e, 'partners_name_key') ? nameTaken() : e;
      });
      const callbackSecret = dto.callbackUrl ? await this.setSecret(m, partner) : null;
      const apiKey = await this.apiKeys.issueIn(m, actor, { ownerKind: 'partner', ownerId: partner.id, name: `${dto.name} key` });
      await this.audit.record(m, actor, {
        action: 'partner.create',
        resourceType: 'partner',
        resourceId: partner.id,
        payload: { ...dto },
        details: { domains: partner.domains.length, callback: Boolean(dto.callbackUrl) },
      });
      return { partner: PartnerView.of(partner), apiKey, callbackSecret };
    });
  }

  async list(): Promise<PartnerView[]> {
    return (await this.partners.allByName(this.tx.manager)).map(PartnerView.of);
  }

  /** Id, name and status only, built field by field (a picker's view, for roles that may not see the partner itself). */
  async names(q: PartnerNamesQuery): Promise<PartnerNameView[]> {
    const rows = await this.partners.namesMatching(this.tx.manager, { text: q.q?.trim() || undefined, ids: q.ids, limit: q.limit ?? 20 });
    return rows.map((r) => ({ id: r.id, name: r.name, status: r.status }));
  }

  async get(id: string): Promise<PartnerView> {
    return PartnerView.of(await this.find(this.tx.manager, id));
  }

  async update(actor: Actor, id: string, dto: UpdatePartnerDto): Promise<PartnerView> {
    return this.tx.run(async (m) => {
      const partner = await this.find(m, id, true);
      const changed = Object.keys(dto).filter((k) => (dto as Record<string, unknown>)[k] !== undefined);
      Object.assign(partner, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
      await this.partners.save(m, partner).catch((e: unknown) => {
        throw isUniqueViolation(e, 'partners_name_key') ? nameTaken() : e;
      });
      // The keys carry the suspension (one indexed lookup per request, read fresh, so every instance refuses them
      // from this commit on). The partner row is locked FOR UPDATE above, so a key issued meanwhile sees the status.
      if (dto.status !== undefined) await this.apiKeys.setOwnerSuspended(m, { ownerKind: 'partner', ownerId: id }, partner.status !== 'active');
      await this.audit.record(m, actor, { action: 'partner.update', resourceType: 'partner', resourceId: id, payload: { ...dto }, details: { changed } });
      return PartnerView.of(partner);
    });
  }

  /** Issues a new callback secret (shown once); the old one stops signing at once. */
  rotateCallbackSecret(actor: Actor, id: string): Promise<{ callbackSecret: string }> {
    return this.tx.run(async (m) => {
      const partner = await this.find(m, id, true);
      const callbackSecret = await this.setSecret(m, partner);
      await this.audit.record(m, actor, { action: 'partner.callback_secret.rotate', resourceType: 'partner', resourceId: id });
      return { callbackSecret };
    });
  }

  /** Rotates one key (old keeps working for the overlap; the new one keeps its mode) or adds a key, live or test mode. */
  async rotateKey(actor: Actor, id: string, dto: { keyId?: string; overlapSeconds?: number; testMode?: boolean }): Promise<IssuedApiKeyView> {
    if (dto.keyId && dto.testMode !== undefined) {
      throw new HttpError(HttpErrorCode.VALIDATION_FAILED, 'A rotation keeps the old key\'s mode; testMode is only for adding a key', {
        errors: [{ field: 'testMode', code: 'NOT_WITH_ROTATION', message: 'leave testMode out when rotating (keyId given)' }],
      });
    }
    await this.find(this.tx.manager, id);
    if (dto.keyId) return this.apiKeys.rotate(actor, dto.keyId, dto.overlapSeconds, { ownerKind: 'partner', ownerId: id });
    const testMode = dto.testMode === true;
    return this.apiKeys.issue(actor, { ownerKind: 'partner', ownerId: id, name: testMode ? 'sandbox key' : 'additional key', testMode });
  }

  async revokeKey(actor: Actor, id: string, keyId: string): Promise<void> {
    await this.find(this.tx.manager, id);
    await this.apiKeys.revoke(actor, keyId, { ownerKind: 'partner', ownerId: id });
  }

  async keys(id: string): Promise<ApiKeyView[]> {
    await this.find(this.tx.manager, id);
    return this.apiKeys.list({ ownerKind: 'partner', ownerId: id });
  }

  /** The callback secret, decrypted, for signing callbacks. */
  async callbackSecret(partner: Pick<Partner, 'id' | 'callbackSecretEnc' | 'callbackKeyId'>): Promise<string | null> {
    if (!partner.callbackSecretEnc || !partner.callbackKeyId) return null;
    return this.cipher.open(partner.callbackSecretEnc, partner.callbackKeyId, `partner:${partner.id}:callback`);
  }

  /**
   * Where and with which secret a partner's callbacks go, and whether its secret predates Standard Webhooks (then they
   * also carry the legacy signature during the transition); null when it has no callback URL or secret (or is gone).
   */
  async callbackTarget(id: string): Promise<CallbackTarget | null> {
    const partner = await this.partners.findById(this.tx.manager, id);
    const secret = partner ? await this.callbackSecret(partner) : null;
    return partner?.callbackUrl && secret ? { url: partner.callbackUrl, secret, legacySignature: partner.callbackLegacySignature } : null;
  }

  /**
   * Whether a dead callback of this partner may be sent again, in the caller's transaction: `suspended` (its callbacks
   * wait until it is active again), `missing` (gone, or no callback URL or secret), else `ready`.
   */
  async callbackReadiness(m: EntityManager, id: string): Promise<'ready' | 'suspended' | 'missing'> {
    const partner = await this.partners.findById(m, id);
    if (!partner) return 'missing';
    if (partner.status !== 'active') return 'suspended';
    return partner.callbackUrl && partner.callbackSecretEnc && partner.callbackKeyId ? 'ready' : 'missing';
  }

  /**
   * A new secret in the Standard Webhooks form, `whsec_` + standard base64 of 32 random bytes, which every off-the-shelf
   * verifier takes as given; it ends the legacy signature for this partner.
   */
  private async setSecret(m: EntityManager, partner: Partner): Promise<string> {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const sealed = this.cipher.seal(secret, `partner:${partner.id}:callback`);
    partner.callbackSecretEnc = sealed.data;
    partner.callbackKeyId = sealed.keyId;
    partner.callbackLegacySignature = false;
    await this.partners.save(m, partner);
    return secret;
  }

  private async find(m: EntityManager, id: string, lock = false): Promise<Partner> {
    const p = await this.partners.findById(m, id, lock);
    if (!p) throw new PartnersError(PartnersErrorCode.PARTNER_NOT_FOUND, 'Partner not found');
    return p;
  }
}
