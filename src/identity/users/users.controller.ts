import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../platform/access/decorators.js';
import type { Actor } from '../../platform/access/principal.js';
import { ApiErrors } from '../../platform/openapi.js';
import { UuidPipe } from '../../platform/uuid.pipe.js';
import { CreateUserDto, ListUsersQuery, UpdateUserDto, UserPageView, UserView } from './dto/user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a staff, member representative or liaison account.' })
  @ApiCreatedResponse({ type: UserView })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'ROLE_BINDING_INVALID'], 409: ['EMAIL_TAKEN'] })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(actor, dto);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'List accounts, newest first (keyset pagination).' })
  @ApiOkResponse({ type: UserPageView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'] })
  list(@Query() q: ListUsersQuery): Promise<UserPageView> {
    return this.users.list(q);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change role or binding, disable or re-enable, reset password. Disabling revokes tokens at once.' })
  @ApiOkResponse({ type: UserView })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'ROLE_BINDING_INVALID'], 404: ['USER_NOT_FOUND'], 409: ['CANNOT_DISABLE_SELF'] })
  update(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: UpdateUserDto): Promise<UserView> {
    return this.users.update(actor, id, dto);
  }
}
