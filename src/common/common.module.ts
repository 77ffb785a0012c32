import { Global, Module } from '@nestjs/common';
import { Clock } from './clock.js';
import { RateLimitService } from './rate-limit/rate-limit.service.js';

@Global()
@Module({ providers: [Clock, RateLimitService], exports: [Clock, RateLimitService] })
export class CommonModule {}
