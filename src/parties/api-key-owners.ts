import { Global, Injectable, Module } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { API_KEY_OWNERS, type ApiKeyOwnerKind, type ApiKeyOwners } from '../identity/index.js';
import { AgenciesRepository } from './agencies/agencies.repository.js';
import { PartnersRepository } from './partners/partners.repository.js';

/** identity's `ApiKeyOwners` port: the owners of API keys are partners and agencies. */
@Injectable()
export class PartiesApiKeyOwners implements ApiKeyOwners {
  constructor(
    private readonly partners: PartnersRepository,
    private readonly agencies: AgenciesRepository,
  ) {}

  async lockForKey(m: EntityManager, kind: ApiKeyOwnerKind, id: string): Promise<'absent' | 'active' | 'suspended'> {
    if (kind === 'agency') return (await this.agencies.lockKeyShare(m, id)) ? 'active' : 'absent';
    const status = await this.partners.lockKeyShare(m, id);
    return status === undefined ? 'absent' : status === 'active' ? 'active' : 'suspended';
  }
}

/** Global so that identity's `ApiKeysService` (below parties) receives the port without importing parties. */
@Global()
@Module({
  providers: [PartnersRepository, AgenciesRepository, PartiesApiKeyOwners, { provide: API_KEY_OWNERS, useExisting: PartiesApiKeyOwners }],
  exports: [API_KEY_OWNERS],
})
export class ApiKeyOwnersModule {}
