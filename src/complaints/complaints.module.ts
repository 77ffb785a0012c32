import { Module } from '@nestjs/common';
import { CasesCoreModule } from '../cases/index.js';
import { PactsModule } from '../pacts/index.js';
import { MembersModule } from '../register/index.js';
import { SiteKeysModule } from '../parties/index.js';
import { CategoriesController, CategoriesService } from '../cases/index.js';
import { ChallengePurgeJob } from './challenge/challenge-purge.job.js';
import { ChallengeController } from './challenge/challenge.controller.js';
import { ChallengeRepository } from './challenge/challenge.repository.js';
import { ChallengeService } from './challenge/challenge.service.js';
import { ComplaintIntakeService } from './complaint-intake.service.js';
import { ComplainantEventsController } from './complainant-events.controller.js';
import { ComplaintStatusService } from './complaint-status.service.js';
import { IdempotencyPurgeJob } from './idempotency-purge.job.js';
import { IdempotencyRepository } from './idempotency.repository.js';
import { IdempotencyService } from './idempotency.service.js';
import { PartnerIntakeController, PublicIntakeController, StaffIntakeController } from './intake.controllers.js';
import { PartnerIntakeService } from './partner-intake.service.js';
import { PublicIntakeService } from './public-intake.service.js';
import { RespondentMatchController } from './respondent-match.controller.js';
import { RespondentMatcher } from './respondent-matcher.js';
import { SurveyController } from './survey/survey.controller.js';
import { SurveyRepository } from './survey/survey.repository.js';
import { SurveyService } from './survey/survey.service.js';
import { SandboxPurgeJob } from './sandbox/sandbox-purge.job.js';
import { SandboxController } from './sandbox/sandbox.controller.js';
import { SandboxService } from './sandbox/sandbox.service.js';
import { SurveyCasePurger } from './survey/survey-purge.js';

@Module({
  imports: [CasesCoreModule, MembersModule, PactsModule, SiteKeysModule],
  controllers: [
    ComplainantEventsController, PartnerIntakeController, PublicIntakeController, StaffIntakeController, CategoriesController, ChallengeController, RespondentMatchController,
    SurveyController, SandboxController,
  ],
  providers: [
    CategoriesService, ComplaintIntakeService, ComplaintStatusService, IdempotencyService, IdempotencyRepository, IdempotencyPurgeJob, PartnerIntakeService, RespondentMatcher,
    PublicIntakeService, ChallengeService, ChallengeRepository, ChallengePurgeJob, SurveyService, SurveyRepository, SurveyCasePurger,
    SandboxService, SandboxPurgeJob,
  ],
  exports: [ComplaintIntakeService, ComplaintStatusService],
})
export class ComplaintsModule {}
