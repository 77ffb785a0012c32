import { Module } from '@nestjs/common';
import { CasesCoreModule, DISCLOSURE_PORT } from '../cases/index.js';
import { DisclosuresController, PublicDisclosuresController } from './publications.controller.js';
import { PublicationsService } from './publications.service.js';

/** The one door publishes approved disclosures through DISCLOSURE_PORT (looked up by its effect dispatcher at start-up). */
@Module({
  imports: [CasesCoreModule],
  controllers: [DisclosuresController, PublicDisclosuresController],
  providers: [PublicationsService, { provide: DISCLOSURE_PORT, useExisting: PublicationsService }],
})
export class PublicationsModule {}
