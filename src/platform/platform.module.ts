import { Global, Module } from '@nestjs/common';
import { Clock } from './clock.js';
import { FieldCipher } from './crypto/field-cipher.js';
import { DedicatedConnections } from './database/dedicated-connection.js';
import { HttpActivity } from './http/http-activity.js';
import { Outbox, OUTBOX_PORT } from './outbox/outbox.js';
import { CasePurgeRegistry } from './purge/case-purge-registry.js';
import { Transactions } from './database/transactions.js';
import { RateLimitService } from './rate-limit/rate-limit.service.js';
import { RateLimitPurgeJob } from './rate-limit/rate-limit-purge.job.js';

@Global()
@Module({
  providers: [
    Clock, RateLimitService, FieldCipher, RateLimitPurgeJob, Transactions, DedicatedConnections, CasePurgeRegistry,
    Outbox, { provide: OUTBOX_PORT, useExisting: Outbox }, HttpActivity,
  ],
  exports: [Clock, RateLimitService, FieldCipher, Transactions, DedicatedConnections, CasePurgeRegistry, Outbox, OUTBOX_PORT, HttpActivity],
})
export class CommonModule {}
