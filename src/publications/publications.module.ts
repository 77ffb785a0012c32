import { Module } from '@nestjs/common';
import { CasesCoreModule } from '../cases/index.js';
import { DisclosuresController, PublicDisclosuresController } from './publications.controller.js';
import { PublicationsService } from './publications.service.js';

@Module({ imports: [CasesCoreModule], controllers: [DisclosuresController, PublicDisclosuresController], providers: [PublicationsService] })
export class PublicationsModule {}
