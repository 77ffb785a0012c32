import { Module } from '@nestjs/common';
import { MembersModule } from '../../register/index.js';
import { PactsModule } from '../conventions/pacts.module.js';
import { SelfInspectionsController } from './self-inspections.controller.js';
import { SelfInspectionsRepository } from './self-inspections.repository.js';
import { SelfInspectionsService } from './self-inspections.service.js';
import { AttachmentBlobReferences } from './attachment-blob-references.js';
import { SelfInspectionNotices } from './self-inspection-notices.js';
import { SelfInspectionNoticesJob } from './self-inspection-notices.job.js';

@Module({
  imports: [MembersModule, PactsModule],
  controllers: [SelfInspectionsController],
  providers: [SelfInspectionsService, SelfInspectionsRepository, AttachmentBlobReferences, SelfInspectionNotices, SelfInspectionNoticesJob],
  exports: [SelfInspectionsService, SelfInspectionNotices],
})
export class SelfInspectionsModule {}
