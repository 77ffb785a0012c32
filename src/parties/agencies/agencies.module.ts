import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../../identity/index.js';
import { AgenciesController } from './agencies.controller.js';
import { AgenciesService } from './agencies.service.js';

@Module({ imports: [ApiKeysModule], controllers: [AgenciesController], providers: [AgenciesService], exports: [AgenciesService] })
export class AgenciesModule {}
