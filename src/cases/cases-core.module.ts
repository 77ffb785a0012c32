import { Module } from '@nestjs/common';
import { CaseTransitionsService } from './case-transitions.service.js';

/** The one door for case creation and transitions, shared by intake, the case API and the scheduler. */
@Module({ providers: [CaseTransitionsService], exports: [CaseTransitionsService] })
export class CasesCoreModule {}
