/** The public surface of the outbound context: what other contexts may import. */
export { CallbackRefused, CallbackSender } from './callback-sender.js';
export { Notification, PartnerCallback } from './notification.entity.js';
export { NotificationsModule } from './notifications.module.js';
export { OUTBOX_PORT } from './outbox.js';
export type { OutboxMessage, OutboxPort } from './outbox.js';
export { CALLBACK_JOB, CALLBACK_PORT } from './partner-callbacks.js';
export type { CallbackPort } from './partner-callbacks.js';
