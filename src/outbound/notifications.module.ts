import { Module } from '@nestjs/common';
import { PartnersModule } from '../parties/index.js';
import { CallbackSender } from './callback-sender.js';
import { NotificationDispatchJob } from './notification-dispatch.job.js';
import { LogNotificationSender, NOTIFICATION_SENDER } from './notification-sender.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';
import { OutboundCasePurger } from './outbound-purge.js';
import { OutboundRepository } from './outbound.repository.js';
import { Outbox, OUTBOX_PORT } from './outbox.js';
import { PartnerCallbackJob } from './partner-callback.job.js';
import { CALLBACK_PORT, PartnerCallbacks } from './partner-callbacks.js';

/** Outbound: the outbox and partner callbacks (queue, deliver, sign, SSRF guard, dead letters), offered to cases as ports. */
@Module({
  imports: [PartnersModule],
  controllers: [NotificationsController],
  providers: [
    NotificationsService,
    { provide: NOTIFICATION_SENDER, useClass: LogNotificationSender },
    OutboundRepository,
    Outbox,
    { provide: OUTBOX_PORT, useExisting: Outbox },
    CallbackSender,
    PartnerCallbacks,
    { provide: CALLBACK_PORT, useExisting: PartnerCallbacks },
    PartnerCallbackJob,
    NotificationDispatchJob,
    OutboundCasePurger,
  ],
  exports: [NotificationsService, OUTBOX_PORT, CALLBACK_PORT],
})
export class NotificationsModule {}
