import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../platform/access/decorators.js';
import type { Actor } from '../platform/access/principal.js';
import { ApiErrors } from '../platform/openapi.js';
import { UuidPipe } from '../platform/uuid.pipe.js';
import { ChangeMemberStatusDto, CreateMemberDto, ListMembersQuery, MemberNamesQuery, MemberNameView, MemberPageView, MemberView, UpdateMemberDto } from './dto/member.dto.js';
import { MembersService } from './members.service.js';

@ApiTags('members')
@Controller('v1/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Post()
  @Roles('secretariat')
  @ApiOperation({ summary: 'Register a member organisation or individual.' })
  @ApiCreatedResponse({ type: MemberView })
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'CREDIT_CODE_INVALID', 'CREDIT_CODE_REQUIRED', 'CREDIT_CODE_NOT_ALLOWED', 'DOMAIN_INVALID'],
    409: ['CREDIT_CODE_TAKEN', 'DOMAIN_TAKEN'],
  })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateMemberDto): Promise<MemberView> {
    return this.members.create(actor, dto);
  }

  @Get()
  @Roles('secretariat', 'member_rep')
  @ApiOperation({ summary: 'The member register, by name (keyset pagination). A member_rep sees only its own organisation.' })
  @ApiOkResponse({ type: MemberPageView })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'DOMAIN_INVALID'] })
  list(@CurrentActor() actor: Actor, @Query() q: ListMembersQuery): Promise<MemberPageView> {
    return this.members.list(actor, q);
  }

  @Get('names')
  @Roles('admin', 'secretariat')
  @ApiOperation({ summary: 'Member names by part of the name, or for given ids: id, name and status only (the admin binds member_rep accounts with it).' })
  @ApiOkResponse({ type: [MemberNameView] })
  @ApiErrors({ 400: ['VALIDATION_FAILED'] })
  names(@Query() q: MemberNamesQuery): Promise<MemberNameView[]> {
    return this.members.names(q);
  }

  @Get(':id')
  @Roles('secretariat', 'member_rep')
  @ApiOperation({ summary: 'A member with contacts, dues and status history. A member_rep: its own organisation only (404 otherwise).' })
  @ApiOkResponse({ type: MemberView })
  @ApiErrors({ 404: ['MEMBER_NOT_FOUND'] })
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<MemberView> {
    return this.members.get(actor, id);
  }

  @Patch(':id')
  @Roles('secretariat', 'member_rep')
  @ApiOperation({ summary: 'Change a member. A member_rep may change only its own organisation\'s contacts.' })
  @ApiOkResponse({ type: MemberView })
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'CREDIT_CODE_INVALID', 'CREDIT_CODE_REQUIRED', 'CREDIT_CODE_NOT_ALLOWED', 'DOMAIN_INVALID'],
    403: ['MEMBER_FIELD_NOT_EDITABLE'],
    404: ['MEMBER_NOT_FOUND'],
    409: ['CREDIT_CODE_TAKEN', 'DOMAIN_TAKEN'],
  })
  update(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: UpdateMemberDto): Promise<MemberView> {
    return this.members.update(actor, id, dto);
  }

  @Post(':id/status')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Change a member\'s status (active, suspended, expelled, lapsed) with the reason; kept in its status history.' })
  @ApiOkResponse({ type: MemberView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'], 404: ['MEMBER_NOT_FOUND'], 409: ['MEMBER_STATUS_UNCHANGED', 'DOMAIN_TAKEN'] })
  changeStatus(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: ChangeMemberStatusDto): Promise<MemberView> {
    return this.members.changeStatus(actor, id, dto);
  }
}
