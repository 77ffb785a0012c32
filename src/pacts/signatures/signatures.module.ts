import { Module } from '@nestjs/common';
import { MembersModule } from '../../register/index.js';
import { PactsModule } from '../conventions/pacts.module.js';
import { SignaturesController } from './signatures.controller.js';
import { SignaturesRepository } from './signatures.repository.js';
import { SignaturesService } from './signatures.service.js';
import { SignatureBlobReferences } from './signature-blob-references.js';

/** Exports SignaturesService.boundOn for intake and cases. */
@Module({
  imports: [MembersModule, PactsModule],
  controllers: [SignaturesController],
  providers: [SignaturesService, SignaturesRepository, SignatureBlobReferences],
  exports: [SignaturesService, SignaturesRepository],
})
export class SignaturesModule {}
