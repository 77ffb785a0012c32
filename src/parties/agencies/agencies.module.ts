import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../../identity/index.js';
import { AgenciesController } from './agencies.controller.js';
import { AgenciesRepository } from './agencies.repository.js';
import { AgenciesService } from './agencies.service.js';

@Module({ imports: [ApiKeysModule], controllers: [AgenciesController], providers: [AgenciesService, AgenciesRepository], exports: [AgenciesService, AgenciesRepository] })
export class AgenciesModule {}
