import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { ApiKeysService } from '../../identity/index.js';
import type { ApiKeyView, IssuedApiKeyView } from '../../identity/index.js';
import { AuditService } from '../../audit/index.js';
import type { Actor } from '../../platform/access/principal.js';
import { FieldCipher } from '../../platform/crypto/field-cipher.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import { type CreatedPartnerView, type CreatePartnerDto, PartnerView, type UpdatePartnerDto } from './dto/partner.dto.js';
import { Partner } from './partner.entity.js';
import { PartnersError, PartnersErrorCode } from './partners.errors.js';

const nameTaken = () =>
  new PartnersError(PartnersErrorCode.PARTNER_NAME_TAKEN, 'A partner with this name exists', {
    errors: [{ field: 'name', code: 'TAKEN', message: 'name is already in use' }],
  });

@Injectable()
export class PartnersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly apiKeys: ApiKeysService,
    private readonly audit: AuditService,
    private readonly cipher: FieldCipher,
  ) {}

  /** Creates the partner with its first API key and callback secret, each shown once. */
  create(actor: Actor, dto: CreatePartnerDto): Promise<CreatedPartnerView> {
    return this.dataSource.transaction(async (m) => {
      const partner = m.getRepository(Partner).create({ name: dto.name, domains: dto.domains ?? [], callbackUrl: dto.callbackUrl ?? null, status: 'active' });
      await m.getRepository(Partner).save(partner).catch((e: unknown) => {
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
    return (await this.dataSource.getRepository(Partner).find({ order: { name: 'ASC' } })).map(PartnerView.of);
  }

  async get(id: string): Promise<PartnerView> {
    return PartnerView.of(await this.find(this.dataSource.manager, id));
  }

  async update(actor: Actor, id: string, dto: UpdatePartnerDto): Promise<PartnerView> {
    return this.dataSource.transaction(async (m) => {
      const partner = await this.find(m, id, true);
      const changed = Object.keys(dto).filter((k) => (dto as Record<string, unknown>)[k] !== undefined);
      Object.assign(partner, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
      await m.getRepository(Partner).save(partner).catch((e: unknown) => {
        throw isUniqueViolation(e, 'partners_name_key') ? nameTaken() : e;
      });
      // A suspension needs no announcement: every request reads its key and the partner's status fresh.
      await this.audit.record(m, actor, { action: 'partner.update', resourceType: 'partner', resourceId: id, payload: { ...dto }, details: { changed } });
      return PartnerView.of(partner);
    });
  }

  /** Issues a new callback secret (shown once); the old one stops signing at once. */
  rotateCallbackSecret(actor: Actor, id: string): Promise<{ callbackSecret: string }> {
    return this.dataSource.transaction(async (m) => {
      const partner = await this.find(m, id, true);
      const callbackSecret = await this.setSecret(m, partner);
      await this.audit.record(m, actor, { action: 'partner.callback_secret.rotate', resourceType: 'partner', resourceId: id });
      return { callbackSecret };
    });
  }

  /** Rotates one key (old keeps working for the overlap) or adds a key. */
  async rotateKey(actor: Actor, id: string, keyId: string | undefined, overlapSeconds?: number): Promise<IssuedApiKeyView> {
    await this.find(this.dataSource.manager, id);
    if (keyId) return this.apiKeys.rotate(actor, keyId, overlapSeconds, { ownerKind: 'partner', ownerId: id });
    return this.apiKeys.issue(actor, { ownerKind: 'partner', ownerId: id, name: 'additional key' });
  }

  async revokeKey(actor: Actor, id: string, keyId: string): Promise<void> {
    await this.find(this.dataSource.manager, id);
    await this.apiKeys.revoke(actor, keyId, { ownerKind: 'partner', ownerId: id });
  }

  async keys(id: string): Promise<ApiKeyView[]> {
    await this.find(this.dataSource.manager, id);
    return this.apiKeys.list({ ownerKind: 'partner', ownerId: id });
  }

  /** The callback secret, decrypted, for signing callbacks. */
  async callbackSecret(partner: Pick<Partner, 'id' | 'callbackSecretEnc' | 'callbackKeyId'>): Promise<string | null> {
    if (!partner.callbackSecretEnc || !partner.callbackKeyId) return null;
    return this.cipher.open(partner.callbackSecretEnc, partner.callbackKeyId, `partner:${partner.id}:callback`);
  }

  /** Where and with which secret a partner's callbacks go; null when it has no callback URL or secret (or is gone). */
  async callbackTarget(id: string): Promise<{ url: string; secret: string } | null> {
    const partner = await this.dataSource.manager.getRepository(Partner).findOne({ where: { id } });
    const secret = partner ? await this.callbackSecret(partner) : null;
    return partner?.callbackUrl && secret ? { url: partner.callbackUrl, secret } : null;
  }

  private async setSecret(m: EntityManager, partner: Partner): Promise<string> {
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const sealed = this.cipher.seal(secret, `partner:${partner.id}:callback`);
    partner.callbackSecretEnc = sealed.data;
    partner.callbackKeyId = sealed.keyId;
    await m.getRepository(Partner).save(partner);
    return secret;
  }

  private async find(m: EntityManager, id: string, lock = false): Promise<Partner> {
    const p = await m.getRepository(Partner).findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!p) throw new PartnersError(PartnersErrorCode.PARTNER_NOT_FOUND, 'Partner not found');
    return p;
  }
}
