import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../platform/access/decorators.js';
import { PublicCacheInterceptor } from '../../platform/http-cache.js';
import { ApiErrors } from '../../platform/openapi.js';
import { PublicConventionListView, SignatoryPageView, SignatoriesQuery } from './dto/public-register.dto.js';
import { PublicRegisterService } from './public-register.service.js';

@ApiTags('public register')
@Controller('v1/public/conventions')
@UseInterceptors(PublicCacheInterceptor)
export class PublicRegisterController {
  constructor(private readonly register: PublicRegisterService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Published conventions: the version in force with its articles, and superseded versions. Cacheable (ETag, max-age 300).' })
  @ApiOkResponse({ type: PublicConventionListView })
  conventions(): Promise<PublicConventionListView> {
    return this.register.conventions();
  }

  @Get(':code/signatories')
  @Public()
  @ApiOperation({
    summary: 'The signatory register of a convention: each member\'s current signature (version, date), renewal-pending and withdrawn shown as such. Cacheable (ETag, max-age 300).',
  })
  @ApiOkResponse({ type: SignatoryPageView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'], 404: ['CONVENTION_NOT_FOUND'] })
  signatories(@Param('code') code: string, @Query() q: SignatoriesQuery): Promise<SignatoryPageView> {
    return this.register.signatories(code, q);
  }
}
