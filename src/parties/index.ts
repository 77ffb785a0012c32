/** The public surface of the parties context: what other contexts may import. */
export { AgenciesModule } from './agencies/agencies.module.js';
export { AgenciesService } from './agencies/agencies.service.js';
export { Agency } from './agencies/agency.entity.js';
export { Partner } from './partners/partner.entity.js';
export { PartnersModule } from './partners/partners.module.js';
export { PartnersService } from './partners/partners.service.js';
