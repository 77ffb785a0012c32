import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../platform/access/decorators.js';
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
}
