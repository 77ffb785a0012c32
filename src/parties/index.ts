/** The public surface of the parties context: what other contexts may import. */
export { AgenciesModule } from './agencies/agencies.module.js';
export { AgenciesService } from './agencies/agencies.service.js';
export { AgenciesRepository } from './agencies/agencies.repository.js';
export { Agency } from './agencies/agency.entity.js';
export { ApiKeyOwnersModule } from './api-key-owners.js';
export { Partner } from './partners/partner.entity.js';
export { PartnersModule } from './partners/partners.module.js';
export { PartnersRepository } from './partners/partners.repository.js';
export { PartnersService } from './partners/partners.service.js';
export type { CallbackTarget } from './partners/partners.service.js';
export { SiteKey } from './site-keys/site-key.entity.js';
export { SiteKeysModule } from './site-keys/site-keys.module.js';
export { SiteKeysService } from './site-keys/site-keys.service.js';
export type { ResolvedSiteKey } from './site-keys/site-keys.repository.js';
export { normalizeOrigin } from './site-keys/origins.js';
