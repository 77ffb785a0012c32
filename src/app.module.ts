import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { ApiKeysModule } from './api-keys/api-keys.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { AuthenticationGuard } from './auth/auth.guard.js';
import { CommonModule } from './common/common.module.js';
import { ProblemDetailsFilter } from './common/errors/problem.filter.js';
import { loggerOptions } from './common/logging.js';
import type { AppConfig } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { HealthModule } from './health/health.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { MembersModule } from './members/members.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { PactsModule } from './pacts/pacts.module.js';
import { PublicRegisterModule } from './public-register/public-register.module.js';
import { SelfInspectionsModule } from './self-inspections/self-inspections.module.js';
import { SignaturesModule } from './signatures/signatures.module.js';
import { StorageModule } from './storage/storage.module.js';
import { UsersModule } from './users/users.module.js';
import { PartnersModule } from './partners/partners.module.js';
import { ComplaintsModule } from './complaints/complaints.module.js';
import { EvidenceModule } from './evidence/evidence.module.js';
import { CasesModule } from './cases/cases.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { AgenciesModule } from './agencies/agencies.module.js';
import { PublicationsModule } from './publications/publications.module.js';
import { ReferralsModule } from './referrals/referrals.module.js';

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
        MembersModule,
        PactsModule,
        SignaturesModule,
        SelfInspectionsModule,
        PublicRegisterModule,
        HealthModule,
        MetricsModule,
        PartnersModule,
        ComplaintsModule,
        EvidenceModule,
        CasesModule,
        NotificationsModule,
        ReportsModule,
        AgenciesModule,
        PublicationsModule,
        ReferralsModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
