import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { AdminTokenGuard } from './auth/admin-token.guard';
import type { Clock } from './common/clock';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { FindingsModule } from './findings/findings.module';
import { HealthController } from './health/health.controller';
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
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            // Request ids come from Fastify (create-app.ts). Health probes would drown the log.
            // Fastify's middleware layer trims url to the mount point; originalUrl is the path asked for.
            autoLogging: {
              ignore: (request) =>
                (request as { originalUrl?: string }).originalUrl?.split('?')[0] === '/health',
            },
            redact: ['req.headers.authorization'],
          },
        }),
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions('postgres://unused'),
          dataSourceFactory: async () => dataSource,
        }),
        ScansModule,
        FindingsModule,
        WaiversModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_GUARD, useClass: AdminTokenGuard }],
    };
  }
}
