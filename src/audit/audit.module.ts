import { Global, Module } from '@nestjs/common';
import { AuditCheckpointJob } from './audit-checkpoint.job.js';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';

@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditRepository, AuditCheckpointJob],
  exports: [AuditService, AuditRepository],
})
export class AuditModule {}
