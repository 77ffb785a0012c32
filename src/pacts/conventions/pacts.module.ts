import { Module } from '@nestjs/common';
import { MembersModule } from '../../register/index.js';
import { SignatureRenewalsRepository } from '../signatures/signature-renewals.repository.js';
import { ConventionsController } from './conventions.controller.js';
import { ConventionsRepository } from './conventions.repository.js';
import { ConventionsService } from './conventions.service.js';

@Module({
  imports: [MembersModule],
  controllers: [ConventionsController],
  providers: [ConventionsService, ConventionsRepository, SignatureRenewalsRepository],
  exports: [ConventionsService, ConventionsRepository],
})
export class PactsModule {}
