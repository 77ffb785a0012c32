import { DurableJob, type Job } from '../platform/jobs/job.js';
import { NotificationsService } from './notifications.service.js';

/** Every minute, hands unsent outbox messages to the sender (several instances share the work). */
@DurableJob()
export class NotificationDispatchJob implements Job {
  readonly name = 'notification-dispatch';
  readonly schedule = '* * * * *';

  constructor(private readonly notifications: NotificationsService) {}

  async handle(): Promise<void> {
    await this.notifications.dispatch();
  }
}
