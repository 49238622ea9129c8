import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { sqlMigrations } from './sql-migrations';

/** The schema is owned by migrations/: never synchronize. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: sqlMigrations(),
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    extra: { max: 20 },
  };
}
