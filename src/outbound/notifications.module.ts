import { Module } from '@nestjs/common';
import { NotificationDispatchJob } from './notification-dispatch.job.js';
import { LogNotificationSender, NOTIFICATION_SENDER } from './notification-sender.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';

@Module({
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationDispatchJob, { provide: NOTIFICATION_SENDER, useClass: LogNotificationSender }],
  exports: [NotificationsService],
})
export class NotificationsModule {}
