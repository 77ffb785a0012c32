import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApiKeysService } from '../../identity/index.js';
import type { ApiKeyView, IssuedApiKeyView } from '../../identity/index.js';
import { AuditService } from '../../audit/index.js';
import type { Actor } from '../../platform/access/principal.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import type { Agency } from './agency.entity.js';
import { AgenciesRepository } from './agencies.repository.js';
import { AgenciesError, AgenciesErrorCode } from './agencies.errors.js';
import { type AgencyKeyDto, AgencyView, type CreateAgencyDto } from './dto/agency.dto.js';
import { Transactions } from '../../platform/database/transactions.js';

@Injectable()
export class AgenciesService {
  constructor(
    private readonly tx: Transactions,
    private readonly agencies: AgenciesRepository,
    private readonly apiKeys: ApiKeysService,
    private readonly audit: AuditService,
  ) {}

  create(actor: Actor, dto: CreateAgencyDto): Promise<AgencyView> {
    return this.tx.run(async (m) => {
      const agency = await this.agencies.insert(m, { name: dto.name, jurisdiction: dto.jurisdiction, contact: { ...(dto.contact ?? {}) } }).catch((e: unknown) => {
        throw isUniqueViolation(e, 'agencies_name_key')
          ? new AgenciesError(AgenciesErrorCode.AGENCY_NAME_TAKEN, 'An agency with this name exists', {
              errors: [{ field: 'name', code: 'TAKEN', message: 'name is already in use' }],
            })
          : e;
      });
      await this.audit.record(m, actor, {
        action: 'agency.create',
        resourceType: 'agency',
        resourceId: agency.id,
        payload: { ...dto },
        details: { name: agency.name, jurisdiction: agency.jurisdiction },
      });
      return AgencyView.of(agency);
    });
  }

  async list(): Promise<AgencyView[]> {
    return (await this.agencies.allByName(this.tx.manager)).map(AgencyView.of);
  }

  async get(id: string): Promise<AgencyView> {
    return AgencyView.of(await this.find(this.tx.manager, id));
  }

  /** Rotates one of the agency's keys (the old one keeps working for the overlap) or adds a key. */
  async issueKey(actor: Actor, id: string, dto: AgencyKeyDto): Promise<IssuedApiKeyView> {
    const agency = await this.find(this.tx.manager, id);
    if (dto.keyId) return this.apiKeys.rotate(actor, dto.keyId, dto.overlapSeconds, { ownerKind: 'agency', ownerId: id });
    return this.apiKeys.issue(actor, { ownerKind: 'agency', ownerId: id, name: dto.name ?? `${agency.name} key` });
  }

  async revokeKey(actor: Actor, id: string, keyId: string): Promise<void> {
    await this.find(this.tx.manager, id);
    await this.apiKeys.revoke(actor, keyId, { ownerKind: 'agency', ownerId: id });
  }

  async keys(id: string): Promise<ApiKeyView[]> {
    await this.find(this.tx.manager, id);
    return this.apiKeys.list({ ownerKind: 'agency', ownerId: id });
  }

  /** Whether the agency exists (read on the caller's manager, e.g. inside its transaction). */
  async exists(m: EntityManager, id: string): Promise<boolean> {
    return (await this.agencies.findById(m, id)) !== null;
  }

  /** The agency a referral is addressed to, as its packet names it; null when unknown. */
  async addressee(m: EntityManager, id: string): Promise<{ id: string; name: string; jurisdiction: string } | null> {
    const agency = await this.agencies.findById(m, id);
    return agency ? { id: agency.id, name: agency.name, jurisdiction: agency.jurisdiction } : null;
  }

  /** Agency id → name. */
  namesOf(ids: string[], m: EntityManager = this.tx.manager): Promise<Map<string, string>> {
    return this.agencies.namesOf(m, ids);
  }

  private async find(m: EntityManager, id: string): Promise<Agency> {
    const agency = await this.agencies.findById(m, id);
    if (!agency) throw new AgenciesError(AgenciesErrorCode.AGENCY_NOT_FOUND, 'Agency not found');
    return agency;
  }
}
