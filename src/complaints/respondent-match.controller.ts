import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { Public } from '../platform/access/decorators.js';
import { ApiErrors } from '../platform/openapi.js';
import { ThrottleAs } from '../platform/rate-limit/throttling.js';
import { RespondentMatcher } from './respondent-matcher.js';

export class RespondentMatchQuery {
  @ApiProperty({ example: 'https://m.shop.example.cn/item/42', description: 'A URL or a bare domain, as the complainant typed it.' })
  @IsString() @MinLength(1) @MaxLength(2048)
  url: string;
}

class MatchedMemberView {
  @ApiProperty({ example: '某某网络科技有限公司' }) name: string;
}

export class RespondentLiveMatchView {
  @ApiProperty({ nullable: true, type: String, example: 'm.shop.example.cn', description: 'The host as intake reads it (lower case, punycode); null when the input is not a domain.' })
  domain: string | null;

  @ApiPropertyOptional({ nullable: true, type: MatchedMemberView, description: 'The active member holding the domain (or a parent domain); null: not a member.' })
  member: MatchedMemberView | null;
}

@ApiTags('complaint window')
@Controller('v1/public/respondents')
export class RespondentMatchController {
  constructor(private readonly matcher: RespondentMatcher) {}

  @Get('match')
  @Public()
  @ThrottleAs('public-lookup')
  @Header('cache-control', 'public, max-age=60')
  @ApiOperation({ summary: 'Which member a site belongs to, matched by domain as intake does: "this site belongs to member X" or "not a member". A URL that is not a domain answers both null.' })
  @ApiOkResponse({ type: RespondentLiveMatchView })
  @ApiErrors({ 400: ['VALIDATION_FAILED (url missing, empty or over 2048 characters)'], 429: ['RATE_LIMITED'] })
  match(@Query() q: RespondentMatchQuery): Promise<RespondentLiveMatchView> {
    return this.matcher.byUrl(q.url);
  }
}
