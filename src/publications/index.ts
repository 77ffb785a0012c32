/** The public surface of the publications context: what other contexts may import. */
export { Disclosure } from './disclosure.entity.js';
export { PublicationsModule } from './publications.module.js';
