import { Global, Module } from '@nestjs/common';
import { CasesCoreModule, PUBLISHED_DISCLOSURES } from '../cases/index.js';
import { MembersModule } from '../register/index.js';
import { DisclosuresRepository } from './disclosures.repository.js';
import { DisclosuresController, PublicDisclosuresController } from './publications.controller.js';
import { PublicationsService } from './publications.service.js';

/** Global so that the cases context's PUBLISHED_DISCLOSURES port (the respondent's case view) reaches this implementation. */
@Global()
@Module({
  imports: [CasesCoreModule, MembersModule],
  controllers: [DisclosuresController, PublicDisclosuresController],
  providers: [PublicationsService, DisclosuresRepository, { provide: PUBLISHED_DISCLOSURES, useExisting: DisclosuresRepository }],
  exports: [DisclosuresRepository, PUBLISHED_DISCLOSURES],
})
export class PublicationsModule {}
