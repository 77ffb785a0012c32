import { Module } from '@nestjs/common';
import { PartnersModule } from '../parties/index.js';
import { CallbackSender } from './callback-sender.js';
import { DeadCallbacksController } from './dead-callbacks.controller.js';
import { DeadCallbacksService } from './dead-callbacks.service.js';
import { OutboundCasePurger } from './outbound-purge.js';
import { OutboundRepository } from './outbound.repository.js';
import { PartnerCallbackJob } from './partner-callback.job.js';
import { CALLBACK_PORT, PartnerCallbacks } from './partner-callbacks.js';

/** Outbound: partner callbacks (queue, deliver, sign, SSRF guard, dead letters), offered to cases as a port. */
@Module({
  imports: [PartnersModule],
  controllers: [DeadCallbacksController],
  providers: [
    DeadCallbacksService,
    OutboundRepository,
    CallbackSender,
    PartnerCallbacks,
    { provide: CALLBACK_PORT, useExisting: PartnerCallbacks },
    PartnerCallbackJob,
    OutboundCasePurger,
  ],
  exports: [CALLBACK_PORT],
})
export class OutboundModule {}
