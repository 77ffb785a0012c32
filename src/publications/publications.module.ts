import { Module } from '@nestjs/common';
import { CasesCoreModule, DISCLOSURE_PORT, PUBLISHED_DISCLOSURES } from '../cases/index.js';
import { MembersModule } from '../register/index.js';
import { DisclosuresCasePurger } from './disclosures-purge.js';
import { DisclosuresRepository } from './disclosures.repository.js';
import { DisclosuresController, PublicDisclosuresController } from './publications.controller.js';
import { PublicationsService } from './publications.service.js';

/**
 * Publications sits above cases and implements two of its ports: the one door publishes approved disclosures through
 * DISCLOSURE_PORT, and the respondent's case view reads published disclosures through PUBLISHED_DISCLOSURES. The cases
 * context looks both up at start-up (ModuleRef, across modules).
 */
@Module({
  imports: [CasesCoreModule, MembersModule],
  controllers: [DisclosuresController, PublicDisclosuresController],
  providers: [
    PublicationsService,
    DisclosuresRepository,
    { provide: DISCLOSURE_PORT, useExisting: PublicationsService },
    { provide: PUBLISHED_DISCLOSURES, useExisting: DisclosuresRepository },
    DisclosuresCasePurger,
  ],
  exports: [DisclosuresRepository, PublicationsService],
})
export class PublicationsModule {}
