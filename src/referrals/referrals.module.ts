import { Module } from '@nestjs/common';
import { CasesCoreModule, REFERRAL_PACKET_PORT } from '../cases/index.js';
import { EvidenceModule } from '../complaints/index.js';
import { PactsModule, SignaturesModule } from '../pacts/index.js';
import { AgenciesModule } from '../parties/index.js';
import { PublicationsModule } from '../publications/index.js';
import { MembersModule } from '../register/index.js';
import { PacketBuilder } from './packet-builder.js';
import { ReferralsController, SigningKeyController } from './referrals.controller.js';
import { ReferralsRepository } from './referrals.repository.js';
import { ReferralsService } from './referrals.service.js';
import { SigningKeysService } from './signing-keys.service.js';
import { ReferralsCasePurger } from './referrals-purge.js';

@Module({
  imports: [CasesCoreModule, SignaturesModule, PactsModule, AgenciesModule, MembersModule, EvidenceModule, PublicationsModule],
  controllers: [ReferralsController, SigningKeyController],
  // The one door builds and retracts packets through REFERRAL_PACKET_PORT (looked up by its effect dispatcher at start-up).
  providers: [ReferralsService, ReferralsRepository, PacketBuilder, SigningKeysService, { provide: REFERRAL_PACKET_PORT, useExisting: ReferralsService }, ReferralsCasePurger],
  exports: [ReferralsService, SigningKeysService],
})
export class ReferralsModule {}
