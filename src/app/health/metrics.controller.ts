import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { Public } from '../../platform/access/decorators.js';
import { AuthError, AuthErrorCode } from '../../identity/index.js';
import { APP_CONFIG, type AppConfig } from '../../platform/config/config.js';
import { METRICS, type Metrics } from '../../platform/metrics/metrics.js';

/** Prometheus exposition; behind a bearer token when METRICS_TOKEN is set. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  async scrape(@Headers('authorization') auth: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const token = this.config.metricsToken;
    if (token) {
      const given = Buffer.from(auth?.replace(/^Bearer\s+/i, '') ?? '');
      const want = Buffer.from(token);
      if (given.length !== want.length || !timingSafeEqual(given, want)) {
        throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'Metrics require the configured bearer token');
      }
    }
    void reply.header('content-type', this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
