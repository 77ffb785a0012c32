import { Module } from '@nestjs/common';
import { MailModule } from '../../mail/index.js';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';

@Module({ imports: [TerminusModule.forRoot({ logger: false }), MailModule], controllers: [HealthController] })
export class HealthModule {}
