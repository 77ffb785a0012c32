import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { ApiKeysModule } from '../identity/api-keys/api-keys.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../identity/auth/auth.module.js';
import { CalendarModule } from '../calendar/calendar.module.js';
import { AuthenticationGuard } from '../identity/auth/auth.guard.js';
import { CommonModule } from '../platform/platform.module.js';
import { ProblemDetailsFilter } from '../platform/errors/problem.filter.js';
import { loggerOptions } from '../platform/logging.js';
import type { AppConfig } from '../platform/config/config.js';
import { ConfigModule } from '../platform/config/config.module.js';
import { dataSourceOptions } from '../platform/database/data-source-options.js';
import { HealthModule } from './health/health.module.js';
import { JobsModule } from '../platform/jobs/jobs.module.js';
import { MembersModule } from '../register/members.module.js';
import { MetricsModule } from '../platform/metrics/metrics.module.js';
import { PactsModule } from '../pacts/conventions/pacts.module.js';
import { PublicRegisterModule } from '../pacts/public-register/public-register.module.js';
import { SelfInspectionsModule } from '../pacts/self-inspections/self-inspections.module.js';
import { SignaturesModule } from '../pacts/signatures/signatures.module.js';
import { StorageModule } from '../platform/storage/storage.module.js';
import { UsersModule } from '../identity/users/users.module.js';
import { PartnersModule } from '../parties/partners/partners.module.js';
import { ComplaintsModule } from '../complaints/complaints.module.js';
import { EvidenceModule } from '../complaints/evidence/evidence.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { NotificationsModule } from '../outbound/notifications.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { AgenciesModule } from '../parties/agencies/agencies.module.js';
import { PublicationsModule } from '../publications/publications.module.js';
import { ReferralsModule } from '../referrals/referrals.module.js';

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
