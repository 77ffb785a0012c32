/** The public surface of the outbound context: what other contexts may import. */
export { CallbackRefused, CallbackSender } from './callback-sender.js';
export { Notification, PartnerCallback } from './notification.entity.js';
export { NotificationsModule } from './notifications.module.js';
