import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { EmbeddedDatabase } from './embedded-database';

/** The database the service uses: DATABASE_URL's, or an embedded one started here. */
export interface DatabaseConnection {
  dataSource: DataSource;
  /** Stops the embedded server, if this process started one, after closing the pool. */
  close(): Promise<void>;
}

export async function connectDatabase(config: AppConfig): Promise<DatabaseConnection> {
  const embedded = config.databaseUrl ? undefined : new EmbeddedDatabase(config.dataDir);
  const url = config.databaseUrl ?? (await embedded!.start());
  const dataSource = new DataSource(
    dataSourceOptions(url, { statementTimeoutMs: config.statementTimeoutMs }),
  );
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
