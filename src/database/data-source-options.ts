import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { sqlMigrations } from './sql-migrations';

/** Longest SQL statement of a request, unless the configuration says otherwise. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 5000;

/** The schema is owned by migrations/: never synchronize. */
export function dataSourceOptions(
  url: string,
  { statementTimeoutMs = DEFAULT_STATEMENT_TIMEOUT_MS }: { statementTimeoutMs?: number } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: sqlMigrations(),
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    // TypeORM's logger writes a failed query's parameters, i.e. whole manifests: off. A failed
    // query reaches the request's error line as an exception, without them (http/logging).
    logging: false,
    // A statement that runs longer is cancelled, so that one slow request cannot hold pooled
    // connections for long. Migrations and ingestion raise it for their own transaction
    // (statement-timeout.ts).
    extra: { max: 20, statement_timeout: statementTimeoutMs },
  };
}
