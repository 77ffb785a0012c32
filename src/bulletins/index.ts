/** The public surface of the bulletins context: what other contexts may import. */
export { Bulletin, BulletinCounter } from './bulletin.entity.js';
export { BulletinSeries } from './bulletin-series.entity.js';
export type { MailLocale } from './bulletin-series.entity.js';
export { BulletinsModule } from './bulletins.module.js';
export { BULLETIN_PUBLISHED_TEMPLATE, BulletinsService } from './bulletins.service.js';
export type { BulletinMailing } from './bulletins.service.js';
