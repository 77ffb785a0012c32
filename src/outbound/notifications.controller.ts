import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../platform/access/decorators.js';
import { NotificationsService, type DeadCallbackView } from './notifications.service.js';

@ApiTags('operations')
@Controller('v1/admin/callbacks')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('dead')
  @Roles('admin')
  @ApiOperation({ summary: 'Partner callbacks that failed for good (dead-letter list).' })
  @ApiOkResponse({ description: 'Dead callbacks, newest first.' })
  dead(): Promise<DeadCallbackView[]> {
    return this.notifications.deadCallbacks();
  }
}
