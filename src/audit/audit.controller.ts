import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../platform/access/decorators.js';
import { ApiErrors } from '../platform/openapi.js';
import { AUDIT_NEWEST_FIRST, AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { AuditPageView, AuditVerifyView, ListAuditQuery } from './dto/audit.dto.js';

@ApiTags('audit')
@Controller('v1/audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly repo: AuditRepository,
  ) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Audit entries, newest first, with filters (keyset pagination).' })
  @ApiOkResponse({ type: AuditPageView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'] })
  async list(@Query() q: ListAuditQuery): Promise<AuditPageView> {
    const limit = q.limit ?? 50;
    const rows = await this.repo.list({
      resourceType: q.resourceType,
      resourceId: q.resourceId,
      actorId: q.actorId,
      action: q.action,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      beforeId: AUDIT_NEWEST_FIRST.decode(q.cursor)?.[0],
      limit: limit + 1,
    });
    return AUDIT_NEWEST_FIRST.page(rows, limit, (r) => [r.id], (r) => ({ ...r, occurredAt: new Date(r.occurredAt).toISOString() }));
  }

  @Get('verify')
  @Roles('admin')
  @ApiOperation({ summary: 'Verify every hash chain and checkpoint; names the first entry that does not verify.' })
  @ApiOkResponse({ type: AuditVerifyView })
  verify(): Promise<AuditVerifyView> {
    return this.audit.verify();
  }
}
