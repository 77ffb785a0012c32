import { Module } from '@nestjs/common';
import { OutboundModule } from '../outbound/index.js';
import { AgenciesModule } from '../parties/index.js';
import { MembersModule } from '../register/index.js';
import { CaseCreation } from './case-creation.js';
import { CaseDigestRepository } from './case-digest.repository.js';
import { CaseEffectDispatcher } from './case-effect-dispatcher.js';
import { CaseEventEnricher } from './case-enrichment.js';
import { CaseMerges } from './case-merge.js';
import { DEADLINE_PORT } from './case-ports.js';
import { CaseRefusals } from './case-refusal.js';
import { CaseReadsRepository } from './case-reads.repository.js';
import { CaseTransitionsService } from './case-transitions.service.js';
import { CasesRepository } from './cases.repository.js';
import { CasePurge } from './case-purge.js';
import { CaseDeadlines } from './deadlines/case-deadlines.js';

/**
 * The one door for case creation and transitions, shared by intake, the case API, the scheduler and other features. Its
 * effects reach deadlines (here), the outbox (platform) and partner callbacks (outbound, imported) through typed ports; the
 * disclosure, referral-packet and evidence ports are provided by publications, referrals and complaints (above cases)
 * and looked up at start-up.
 */
@Module({
  imports: [OutboundModule, AgenciesModule, MembersModule],
  providers: [
    CaseTransitionsService,
    CasesRepository,
    CaseReadsRepository,
    CaseCreation,
    CaseRefusals,
    CaseMerges,
    CaseEventEnricher,
    CaseEffectDispatcher,
    CaseDeadlines,
    { provide: DEADLINE_PORT, useExisting: CaseDeadlines },
    CasePurge,
    CaseDigestRepository,
  ],
  exports: [CaseTransitionsService, CasesRepository, CaseReadsRepository, CasePurge, CaseDigestRepository, OutboundModule],
})
export class CasesCoreModule {}
