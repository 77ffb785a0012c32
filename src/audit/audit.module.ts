import { Global, Module } from '@nestjs/common';
import { AuditCheckpointJob } from './audit-checkpoint.job.js';
import { AuditVerifyJob } from './audit-verify.job.js';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';

@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditRepository, AuditCheckpointJob, AuditVerifyJob],
  exports: [AuditService, AuditRepository],
})
export class AuditModule {}
