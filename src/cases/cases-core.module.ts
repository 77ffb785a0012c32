import { Module } from '@nestjs/common';
import { CaseEffectRegistry } from './case-effects.js';
import { CaseReadsRepository } from './case-reads.repository.js';
import { CaseTransitionsService } from './case-transitions.service.js';

/** The one door for case creation and transitions, shared by intake, the case API, the scheduler and other features' effects. */
@Module({
  providers: [CaseTransitionsService, CaseEffectRegistry, CaseReadsRepository],
  exports: [CaseTransitionsService, CaseEffectRegistry, CaseReadsRepository],
})
export class CasesCoreModule {}
