import { Module, type OnModuleInit } from '@nestjs/common';
import { CasesCoreModule } from '../cases/index.js';
import { PactsModule } from '../pacts/index.js';
import { MembersModule } from '../register/index.js';
import { JobsService } from '../platform/jobs/jobs.service.js';
import { CategoriesController, CategoriesService } from '../cases/index.js';
import { ComplaintIntakeService } from './complaint-intake.service.js';
import { ComplainantEventsController } from './complainant-events.controller.js';
import { ComplaintStatusService } from './complaint-status.service.js';
import { IdempotencyRepository } from './idempotency.repository.js';
import { IdempotencyService } from './idempotency.service.js';
import { PartnerIntakeController, PublicIntakeController, StaffIntakeController } from './intake.controllers.js';
import { PartnerIntakeService } from './partner-intake.service.js';
import { RespondentMatcher } from './respondent-matcher.js';

@Module({
  imports: [CasesCoreModule, MembersModule, PactsModule],
  controllers: [ComplainantEventsController, PartnerIntakeController, PublicIntakeController, StaffIntakeController, CategoriesController],
  providers: [CategoriesService, ComplaintIntakeService, ComplaintStatusService, IdempotencyService, IdempotencyRepository, PartnerIntakeService, RespondentMatcher],
  exports: [ComplaintIntakeService, ComplaintStatusService],
})
export class ComplaintsModule implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  onModuleInit(): void {
    // Keys are kept IDEMPOTENCY_TTL_HOURS (≥ 24 h), then purged hourly.
    this.jobs.register({ name: 'idempotency-purge', schedule: '17 * * * *', handler: async () => void (await this.idempotency.purgeExpired()) });
  }
}
