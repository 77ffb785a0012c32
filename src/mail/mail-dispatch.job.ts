import { DurableJob, type Job } from '../platform/jobs/job.js';
import { MailOutboxListener } from './mail-outbox-listener.js';

/**
 * Every minute, the backstop of the outbox listener: dispatches what is left (rows written while no instance was
 * listening), and releases messages held while no SMTP server was configured once one is.
 */
@DurableJob()
export class MailDispatchJob implements Job {
  readonly name = 'mail-dispatch';
  readonly schedule = '* * * * *';

  constructor(private readonly listener: MailOutboxListener) {}

  async handle(): Promise<void> {
    await this.listener.runNow();
  }
}
