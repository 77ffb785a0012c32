import { Module } from '@nestjs/common';
import { MembersModule } from '../../register/index.js';
import { PublicRegisterController } from './public-register.controller.js';
import { PublicRegisterRepository } from './public-register.repository.js';
import { PublicRegisterService } from './public-register.service.js';

@Module({ imports: [MembersModule], controllers: [PublicRegisterController], providers: [PublicRegisterService, PublicRegisterRepository] })
export class PublicRegisterModule {}
