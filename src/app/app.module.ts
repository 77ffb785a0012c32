import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { ApiKeysModule } from '../identity/index.js';
import { AuditModule } from '../audit/index.js';
import { AuthModule } from '../identity/index.js';
import { CalendarModule } from '../calendar/index.js';
import { AuthenticationGuard } from '../identity/index.js';
import { CommonModule } from '../platform/platform.module.js';
import { ProblemDetailsFilter } from '../platform/errors/problem.filter.js';
import { loggerOptions } from '../platform/logging.js';
import type { AppConfig } from '../platform/config/config.js';
import { ConfigModule } from '../platform/config/config.module.js';
import { dataSourceOptions } from './data-source-options.js';
import { HealthModule } from './health/health.module.js';
import { JobsModule } from '../platform/jobs/jobs.module.js';
import { MembersModule } from '../register/index.js';
import { MetricsModule } from './health/metrics.module.js';
import { PactsModule } from '../pacts/index.js';
import { PublicRegisterModule } from '../pacts/index.js';
import { SelfInspectionsModule } from '../pacts/index.js';
import { SignaturesModule } from '../pacts/index.js';
import { StorageModule } from '../platform/storage/storage.module.js';
import { UsersModule } from '../identity/index.js';
import { PartnersModule } from '../parties/index.js';
import { ComplaintsModule } from '../complaints/index.js';
import { EvidenceModule } from '../complaints/index.js';
import { CasesModule } from '../cases/index.js';
import { OutboundModule } from '../outbound/index.js';
import { ReportsModule } from '../reports/index.js';
import { MailModule } from '../mail/index.js';
import { AgenciesModule, ApiKeyOwnersModule, SiteKeysModule } from '../parties/index.js';
import { PublicationsModule } from '../publications/index.js';
import { ReferralsModule } from '../referrals/index.js';
import { WindowModule } from '../window/index.js';
import { ConsoleModule } from '../console/index.js';
import { BulletinsModule } from '../bulletins/index.js';

/** Wiring only: every feature lives in its own module. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config)),
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, config.database.poolSize)),
        CommonModule,
        StorageModule,
        JobsModule,
        AuditModule,
        CalendarModule,
        AuthModule,
        UsersModule,
        ApiKeysModule,
        ApiKeyOwnersModule,
        MembersModule,
        PactsModule,
        SignaturesModule,
        SelfInspectionsModule,
        PublicRegisterModule,
        HealthModule,
        MetricsModule,
        PartnersModule,
        SiteKeysModule,
        ComplaintsModule,
        EvidenceModule,
        CasesModule,
        OutboundModule,
        ReportsModule,
        MailModule,
        AgenciesModule,
        PublicationsModule,
        ReferralsModule,
        BulletinsModule,
        WindowModule,
        ConsoleModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
