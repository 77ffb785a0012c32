import { Module } from '@nestjs/common';
import { PartnersRepository } from '../partners/partners.repository.js';
import { PublicSiteKeysController, SiteKeysController } from './site-keys.controller.js';
import { SiteKeysRepository } from './site-keys.repository.js';
import { SiteKeysService } from './site-keys.service.js';

@Module({
  controllers: [SiteKeysController, PublicSiteKeysController],
  providers: [SiteKeysService, SiteKeysRepository, PartnersRepository],
  exports: [SiteKeysService],
})
export class SiteKeysModule {}
