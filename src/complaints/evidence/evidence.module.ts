import { Module } from '@nestjs/common';
import { CasesCoreModule } from '../../cases/index.js';
import { ComplaintsModule } from '../complaints.module.js';
import { StorageModule } from '../../platform/storage/storage.module.js';
import { EvidenceController } from './evidence.controller.js';
import { EvidenceLookup } from './evidence.lookup.js';
import { EvidenceRepository } from './evidence.repository.js';
import { EvidenceService } from './evidence.service.js';

@Module({
  imports: [StorageModule, ComplaintsModule, CasesCoreModule],
  controllers: [EvidenceController],
  providers: [EvidenceService, EvidenceLookup, EvidenceRepository],
  exports: [EvidenceService, EvidenceRepository],
})
export class EvidenceModule {}
