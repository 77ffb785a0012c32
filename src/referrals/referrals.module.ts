import { Module } from '@nestjs/common';
import { CasesCoreModule } from '../cases/index.js';
import { SignaturesModule } from '../pacts/index.js';
import { PacketBuilder } from './packet-builder.js';
import { ReferralsController, SigningKeyController } from './referrals.controller.js';
import { ReferralsService } from './referrals.service.js';
import { SigningKeysService } from './signing-keys.service.js';

@Module({
  imports: [CasesCoreModule, SignaturesModule],
  controllers: [ReferralsController, SigningKeyController],
  providers: [ReferralsService, PacketBuilder, SigningKeysService],
  exports: [ReferralsService, SigningKeysService],
})
export class ReferralsModule {}
