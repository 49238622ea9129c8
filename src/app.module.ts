import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import type { Clock } from './common/clock';
import type { AppConfig } from './config/app-config';
import { httpLoggerOptions } from './http/logging/http-logger-options';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { FindingsModule } from './findings/findings.module';
import { DatabaseProbe } from './health/database-probe';
import { HealthController } from './health/health.controller';
import { ReportsModule } from './reports/reports.module';
import { ScansModule } from './scans/scans.module';
import { WaiversModule } from './waivers/waivers.module';

@Module({})
export class AppModule {
  /** The database is connected and migrated before Nest starts; Nest is given the data source. */
  static register(config: AppConfig, dataSource: DataSource, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forConfig(config, clock),
        LoggerModule.forRoot(httpLoggerOptions(config)),
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions('postgres://unused'),
          dataSourceFactory: async () => dataSource,
        }),
        AuthModule,
        ApiKeysModule,
        ScansModule,
        FindingsModule,
        WaiversModule,
        AuditModule,
        ReportsModule,
      ],
      controllers: [HealthController],
      providers: [DatabaseProbe],
    };
  }
}
