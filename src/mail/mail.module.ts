import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/index.js';
import { BulletinsModule } from '../bulletins/index.js';
import { CasesCoreModule } from '../cases/index.js';
import { AgenciesModule } from '../parties/index.js';
import { MembersModule } from '../register/index.js';
import { DailyDigest } from './daily-digest.js';
import { DailyDigestJob } from './daily-digest.job.js';
import { MailAdminController, MailPreferencesController, UnsubscribeController } from './mail.controller.js';
import { MailDelivery } from './mail-delivery.js';
import { MailDeliveryJob } from './mail-delivery.job.js';
import { MailDispatchJob } from './mail-dispatch.job.js';
import { MailDispatcher } from './mail-dispatcher.js';
import { MailLinks } from './mail-links.js';
import { MailOutboxListener } from './mail-outbox-listener.js';
import { MailPace } from './mail-pace.js';
import { MailRecipients } from './mail-recipients.js';
import { MailRenderer } from './mail-renderer.js';
import { MailTransport } from './mail-transport.js';
import { MailRepository } from './mail.repository.js';
import { MailService } from './mail.service.js';

/**
 * Mail (#15): the outbox's rows become messages to their recipients in their language (dispatcher), delivered over SMTP
 * from the durable queue with retries, a dead-letter list, a per-recipient cap and no second copy after a crash
 * (delivery); accounts choose immediate, digest or off per kind; the staff's daily digest; signed unsubscribe links.
 */
@Module({
  imports: [AuditModule, MembersModule, AgenciesModule, CasesCoreModule, BulletinsModule],
  controllers: [MailPreferencesController, MailAdminController, UnsubscribeController],
  providers: [
    MailRepository,
    MailRenderer,
    MailRecipients,
    MailLinks,
    MailTransport,
    MailDispatcher,
    MailDelivery,
    MailOutboxListener,
    MailPace,
    MailService,
    MailDeliveryJob,
    MailDispatchJob,
    DailyDigest,
    DailyDigestJob,
  ],
  exports: [MailService, MailDispatcher, MailOutboxListener, DailyDigest],
})
export class MailModule {}
