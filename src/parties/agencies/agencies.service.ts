import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { ApiKeysService } from '../../identity/index.js';
import type { ApiKeyView, IssuedApiKeyView } from '../../identity/index.js';
import { AuditService } from '../../audit/index.js';
import type { Actor } from '../../platform/access/principal.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import { Agency } from './agency.entity.js';
import { AgenciesError, AgenciesErrorCode } from './agencies.errors.js';
import { type AgencyKeyDto, AgencyView, type CreateAgencyDto } from './dto/agency.dto.js';

@Injectable()
export class AgenciesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly apiKeys: ApiKeysService,
    private readonly audit: AuditService,
  ) {}

  create(actor: Actor, dto: CreateAgencyDto): Promise<AgencyView> {
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(Agency);
      const agency = await repo.save(repo.create({ name: dto.name, jurisdiction: dto.jurisdiction, contact: { ...(dto.contact ?? {}) } })).catch((e: unknown) => {
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
    return (await this.dataSource.getRepository(Agency).find({ order: { name: 'ASC' } })).map(AgencyView.of);
  }

  async get(id: string): Promise<AgencyView> {
    return AgencyView.of(await this.find(this.dataSource.manager, id));
  }

  /** Rotates one of the agency's keys (the old one keeps working for the overlap) or adds a key. */
  async issueKey(actor: Actor, id: string, dto: AgencyKeyDto): Promise<IssuedApiKeyView> {
    const agency = await this.find(this.dataSource.manager, id);
    if (dto.keyId) return this.apiKeys.rotate(actor, dto.keyId, dto.overlapSeconds, { ownerKind: 'agency', ownerId: id });
    return this.apiKeys.issue(actor, { ownerKind: 'agency', ownerId: id, name: dto.name ?? `${agency.name} key` });
  }

  async revokeKey(actor: Actor, id: string, keyId: string): Promise<void> {
    await this.find(this.dataSource.manager, id);
    await this.apiKeys.revoke(actor, keyId, { ownerKind: 'agency', ownerId: id });
  }

  async keys(id: string): Promise<ApiKeyView[]> {
    await this.find(this.dataSource.manager, id);
    return this.apiKeys.list({ ownerKind: 'agency', ownerId: id });
  }

  /** Whether the agency exists (read on the caller's manager, e.g. inside its transaction). */
  async exists(m: EntityManager, id: string): Promise<boolean> {
    const rows = await m.query('SELECT 1 FROM agencies WHERE id = $1', [id]);
    return rows.length > 0;
  }

  /** The agency a referral is addressed to, as its packet names it; null when unknown. */
  async addressee(m: EntityManager, id: string): Promise<{ id: string; name: string; jurisdiction: string } | null> {
    const agency = await m.getRepository(Agency).findOne({ where: { id } });
    return agency ? { id: agency.id, name: agency.name, jurisdiction: agency.jurisdiction } : null;
  }

  /** Agency id → name. */
  async namesOf(ids: string[], m: EntityManager = this.dataSource.manager): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await m.getRepository(Agency).find({ where: { id: In([...new Set(ids)]) }, select: { id: true, name: true } });
    return new Map(rows.map((a) => [a.id, a.name]));
  }

  private async find(m: EntityManager, id: string): Promise<Agency> {
    const agency = await m.getRepository(Agency).findOne({ where: { id } });
    if (!agency) throw new AgenciesError(AgenciesErrorCode.AGENCY_NOT_FOUND, 'Agency not found');
    return agency;
  }
}
