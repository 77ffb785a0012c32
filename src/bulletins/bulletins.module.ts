import { Module } from '@nestjs/common';
import { PublicationsModule } from '../publications/index.js';
import { MembersModule } from '../register/index.js';
import { ReportsModule } from '../reports/index.js';
import { BulletinSeriesService } from './bulletin-series.service.js';
import { BulletinsController, BulletinSeriesController, PublicBulletinsController } from './bulletins.controller.js';
import { BulletinsRepository } from './bulletins.repository.js';
import { BulletinsService } from './bulletins.service.js';

/**
 * Numbered bulletins: figures from reports, disclosures from publications, the distribution list from the register. The
 * outbox (OUTBOX_PORT) is global; the mail context imports this module for `BulletinsService.mailing`.
 */
@Module({
  imports: [ReportsModule, PublicationsModule, MembersModule],
  controllers: [BulletinSeriesController, BulletinsController, PublicBulletinsController],
  providers: [BulletinsRepository, BulletinSeriesService, BulletinsService],
  exports: [BulletinsService],
})
export class BulletinsModule {}
