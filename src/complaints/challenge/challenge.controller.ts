import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Challenge } from 'altcha-lib';
import { Public } from '../../platform/access/decorators.js';
import { ApiErrors } from '../../platform/openapi.js';
import { ThrottleAs } from '../../platform/rate-limit/throttling.js';
import { ChallengeService } from './challenge.service.js';

class ChallengeView {
  @ApiProperty({
    description: 'ALTCHA v2 parameters: algorithm (PBKDF2/SHA-256), nonce, salt, cost, keyLength, keyPrefix, keySignature, expiresAt (Unix seconds).',
    type: 'object',
    additionalProperties: true,
  })
  parameters: Record<string, unknown>;

  @ApiProperty({ description: 'HMAC-SHA-256 of the parameters.' }) signature: string;
}

@ApiTags('complaint window')
@Controller('v1/public/challenge')
export class ChallengeController {
  constructor(private readonly challenges: ChallengeService) {}

  @Get()
  @Public()
  @ThrottleAs('public-lookup')
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary:
      'A proof-of-work challenge for the altcha widget (its `challenge` URL); the widget\'s payload goes into `altcha` of POST /v1/public/complaints. Valid 10 minutes, usable once.',
  })
  @ApiOkResponse({ type: ChallengeView })
  @ApiErrors({ 429: ['RATE_LIMITED'] })
  issue(): Promise<Challenge> {
    return this.challenges.issue();
  }
}
