import { Module } from '@nestjs/common';
import { CasesCoreModule, EVIDENCE_PORT } from '../../cases/index.js';
import { ComplaintsModule } from '../complaints.module.js';
import { StorageModule } from '../../platform/storage/storage.module.js';
import { EvidenceController } from './evidence.controller.js';
import { EvidenceLookup } from './evidence.lookup.js';
import { EvidenceRepository } from './evidence.repository.js';
import { EvidenceService } from './evidence.service.js';
import { EvidenceCasePurger } from './evidence-purge.js';

@Module({
  imports: [StorageModule, ComplaintsModule, CasesCoreModule],
  controllers: [EvidenceController],
  // The one door reads evidence counts through this port (resolved by `CaseEventEnricher` at start-up).
  providers: [EvidenceService, EvidenceLookup, EvidenceRepository, { provide: EVIDENCE_PORT, useExisting: EvidenceLookup }, EvidenceCasePurger],
  exports: [EvidenceService, EvidenceRepository],
})
export class EvidenceModule {}
