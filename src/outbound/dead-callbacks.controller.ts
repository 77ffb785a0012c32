import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../platform/access/principal.js';
import { CurrentActor, Roles } from '../platform/access/decorators.js';
import { ApiErrors } from '../platform/openapi.js';
import { UuidPipe } from '../platform/uuid.pipe.js';
import { DeadCallbacksService, type DeadCallbackView } from './dead-callbacks.service.js';

@ApiTags('operations')
@Controller('v1/admin/callbacks')
export class DeadCallbacksController {
  constructor(private readonly callbacks: DeadCallbacksService) {}

  @Get('dead')
  @Roles('admin')
  @ApiOperation({ summary: 'Partner callbacks that failed for good (dead-letter list).' })
  @ApiOkResponse({ description: 'Dead callbacks, newest first.' })
  dead(): Promise<DeadCallbackView[]> {
    return this.callbacks.deadCallbacks();
  }

  @Post('dead/:id/retry')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a dead callback again: it leaves the dead list at once and is delivered, signed, with a fresh attempt budget (audited).' })
  @ApiAcceptedResponse({ description: 'Queued.' })
  @ApiErrors({ 404: ['CALLBACK_NOT_FOUND'], 409: ['CALLBACK_NOT_RETRYABLE (delivered, or already retried)', 'CALLBACK_PARTNER_SUSPENDED', 'CALLBACK_TARGET_MISSING'] })
  async retry(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<void> {
    await this.callbacks.retry(actor, id);
  }
}
