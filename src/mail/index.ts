/** The public surface of the mail context: what other contexts may import. */
export { DailyDigest } from './daily-digest.js';
export { MailDigestRun } from './mail-digest.entity.js';
export { MailDispatcher } from './mail-dispatcher.js';
export { MailMessage } from './mail-message.entity.js';
export { MailPreference, MailUnsubscribe } from './mail-preference.entity.js';
export { MailModule } from './mail.module.js';
export { MailOutboxListener } from './mail-outbox-listener.js';
export { MailService } from './mail.service.js';
