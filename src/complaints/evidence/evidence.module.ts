import { Module } from '@nestjs/common';
import { ComplaintsModule } from '../complaints.module.js';
import { StorageModule } from '../../platform/storage/storage.module.js';
import { EvidenceController } from './evidence.controller.js';
import { EvidenceLookup } from './evidence.lookup.js';
import { EvidenceService } from './evidence.service.js';

@Module({
  imports: [StorageModule, ComplaintsModule],
  controllers: [EvidenceController],
  providers: [EvidenceService, EvidenceLookup],
  exports: [EvidenceService],
})
export class EvidenceModule {}
