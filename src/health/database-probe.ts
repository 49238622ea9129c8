import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';

/**
 * /health's own connection to the database, outside the request pool: when every pooled
 * connection is busy (a burst of slow searches), the probe still answers, and says whether
 * the database does.
 */
@Injectable()
export class DatabaseProbe implements OnModuleDestroy {
  private readonly pool: Pool;

  constructor(dataSource: DataSource) {
    this.pool = new Pool({
      // The service's data source is always made from a URL (database-connection.ts).
      connectionString: (dataSource.options as { url?: string }).url,
      max: 1,
      // Kept open between probes; a probe gives up within seconds rather than hang.
      idleTimeoutMillis: 0,
      connectionTimeoutMillis: 3000,
      statement_timeout: 2000,
    });
    // A dropped idle connection is replaced at the next probe, which reports the outage.
    this.pool.on('error', () => undefined);
  }

  async databaseIsUp(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
