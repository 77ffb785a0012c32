/** The public surface of the publications context: what other contexts may import. */
export { Disclosure } from './disclosure.entity.js';
export { DisclosuresRepository } from './disclosures.repository.js';
export type { CaseDisclosureRow } from './disclosures.repository.js';
export { PublicationsModule } from './publications.module.js';
export { PublicationsService } from './publications.service.js';
export type { DisclosureView } from './dto/disclosure.dto.js';
export { xmlEscape } from './atom.js';
