/** The public surface of the outbound context: what other contexts may import. */
export { CallbackRefused, CallbackSender } from './callback-sender.js';
export { PartnerCallback } from './partner-callback.entity.js';
export { OutboundModule } from './outbound.module.js';
export { CALLBACK_JOB, CALLBACK_PORT } from './partner-callbacks.js';
export type { CallbackPort } from './partner-callbacks.js';
