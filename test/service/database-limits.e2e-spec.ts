import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { sqlMigrations } from '../../src/database/sql-migrations';
import { allowLongStatements } from '../../src/common/statement-timeout';
import { createTestApp, createTestDatabase, type TestApp } from '../support/test-app';

/** PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout. */
const QUERY_CANCELED = '57014';

describe('the statement timeout', () => {
  let url: string;
  let quick: DataSource;
  beforeAll(async () => {
    const database = await createTestDatabase();
    await database.dataSource.destroy();
    url = database.url;
    quick = new DataSource(dataSourceOptions(url, { statementTimeoutMs: 300 }));
    await quick.initialize();
  });
  afterAll(async () => quick.destroy());

  it('cancels a request statement that runs longer', async () => {
    await expect(quick.query('SELECT pg_sleep(2)')).rejects.toMatchObject({
      driverError: { code: QUERY_CANCELED },
    });
    await expect(quick.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });

  it('lets a transaction raise it for itself, and only for itself', async () => {
    await quick.transaction(async (manager) => {
      await allowLongStatements(manager, 5000);
      await manager.query('SELECT pg_sleep(0.6)');
    });
    await expect(quick.query('SELECT pg_sleep(0.6)')).rejects.toMatchObject({
      driverError: { code: QUERY_CANCELED },
    });
    await expect(allowLongStatements(quick.manager, 5000)).rejects.toThrow(/needs a transaction/);
  });

  it('does not cut a migration that takes longer', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-migrations-'));
    try {
      fs.writeFileSync(
        path.join(dir, '0001-slow.up.sql'),
        'SELECT pg_sleep(0.6); CREATE TABLE slow_done (id int);',
      );
      fs.writeFileSync(path.join(dir, '0001-slow.down.sql'), 'DROP TABLE slow_done;');
      const migrating = new DataSource({
        ...dataSourceOptions(url, { statementTimeoutMs: 300 }),
        migrations: sqlMigrations(dir),
        migrationsTableName: 'slow_migrations',
      });
      await migrating.initialize();
      try {
        await migrating.runMigrations({ transaction: 'each' });
        await expect(migrating.query('SELECT count(*)::int AS n FROM slow_done')).resolves.toEqual([
          { n: 0 },
        ]);
      } finally {
        await migrating.destroy();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('/health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('answers while every pooled connection is busy', async () => {
    // As many sleepers as the pool has connections, and more queued behind them.
    let firstSleeperDone = false;
    const sleepers = Promise.all(
      Array.from({ length: 25 }, () =>
        t.dataSource.query('SELECT pg_sleep(3)').then(() => (firstSleeperDone = true)),
      ),
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const health = await t.api().get('/health');
      expect(health.status).toBe(200);
      expect(health.body).toEqual({ status: 'ok', database: 'up' });
      expect(firstSleeperDone).toBe(false);
    } finally {
      await sleepers;
    }
  }, 20_000);
});

describe('a request whose query runs past the statement timeout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('answers 503 saying so, and the service goes on answering', async () => {
    // Another session holds the findings table: the list query waits until it is cancelled.
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query('LOCK TABLE findings IN ACCESS EXCLUSIVE MODE');
      const response = await t.api().get('/api/v1/findings');
      expect(response.status).toBe(503);
      expect(response.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message:
          'the database did not answer in time (VIGIL_STATEMENT_TIMEOUT_MS): narrow the request or try again',
      });
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    await t.api().get('/api/v1/findings').expect(200);
  }, 20_000);
});
