import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { FixedClock } from '../../src/common/clock';
import { loadConfig, type AppConfig } from '../../src/config/app-config';
import type { Role } from '../../src/auth/principal';
import { createApp } from '../../src/create-app';
import { dataSourceOptions } from '../../src/database/data-source-options';

export const TEST_TOKEN = 'test-admin-token-0123456789';

/** Limits no test reaches by accident (the rate-limit tests set their own). */
const UNREACHED_RATE_LIMITS: AppConfig['rateLimits'] = {
  admin: 1_000_000,
  'security-officer': 1_000_000,
  auditor: 1_000_000,
  ci: 1_000_000,
  unauthenticated: 1_000_000,
};

type Agent = {
  get: (url: string) => request.Test;
  post: (url: string) => request.Test;
  patch: (url: string) => request.Test;
  put: (url: string) => request.Test;
  delete: (url: string) => request.Test;
};

export interface TestKey {
  id: string;
  token: string;
}

export interface TestApp {
  app: INestApplication;
  dataSource: DataSource;
  config: AppConfig;
  /** The service's clock: tests move it to judge expiry. */
  clock: FixedClock;
  /** supertest agent for the running app, with the admin token set. */
  api: () => Agent;
  /** supertest agent sending this bearer token (an API key's, or anything a test forges). */
  as: (token: string) => Agent;
  /** A new API key made through POST /api-keys with the admin token. */
  createKey(
    role: Role,
    options?: { projects?: string[]; name?: string; expiresAt?: string },
  ): Promise<TestKey>;
  url: string;
  /** Serves on a free loopback port (for real sockets and spawned CLIs); returns its base URL. */
  listen(): Promise<string>;
  /** Stops the app and drops its database. */
  close(): Promise<void>;
}

/** The prefix of every database this test run creates (global-setup.ts names the run). */
export function testDatabasePrefix(): string {
  return `vigil_test_${process.env.VIGIL_TEST_RUN ?? 'local'}_`;
}

function testServerUrl(): string {
  const serverUrl = process.env.VIGIL_TEST_SERVER_URL;
  if (!serverUrl)
    throw new Error(
      'VIGIL_TEST_SERVER_URL is not set: run the tests with jest (see test/support/global-setup.ts)',
    );
  return serverUrl;
}

/** Runs one statement on the test server's maintenance database. */
async function onServer(sql: string): Promise<void> {
  const admin = new Client({ connectionString: testServerUrl() });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/**
 * A fresh database on the test server with migrations applied. `drop()` closes the data source
 * and removes the database: on a shared DATABASE_URL server no test leaves one behind.
 */
export async function createTestDatabase(): Promise<{
  url: string;
  dataSource: DataSource;
  drop: () => Promise<void>;
}> {
  const name = `${testDatabasePrefix()}${randomBytes(6).toString('hex')}`;
  await onServer(`CREATE DATABASE ${name}`);
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  const dataSource = new DataSource(dataSourceOptions(url.toString()));
  const drop = async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
    // FORCE: a connection a test left open (a blocker, a killed request) must not keep it alive.
    await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await drop();
    throw error;
  }
  return { url: url.toString(), dataSource, drop };
}

/** The whole service on a fresh database, as `npm start` builds it. */
/** The day the service's clock says it is in tests, unless a test sets its own: verdicts never depend on the real date. */
export const TEST_NOW = new Date('2026-11-24T12:00:00Z');

export async function createTestApp(
  overrides: Partial<AppConfig> = {},
  clock: FixedClock = new FixedClock(TEST_NOW),
): Promise<TestApp> {
  const { url, dataSource, drop } = await createTestDatabase();
  const config: AppConfig = {
    ...loadConfig({}),
    databaseUrl: url,
    adminToken: TEST_TOKEN,
    logLevel: 'silent',
    rateLimits: UNREACHED_RATE_LIMITS,
    ...overrides,
  };
  let app: INestApplication;
  try {
    app = await createApp(config, dataSource, clock);
    await app.init();
    // Fastify answers on its server only once its plugins are ready (listen() waits for them too).
    await (app as NestFastifyApplication).getHttpAdapter().getInstance().ready();
  } catch (error) {
    await drop();
    throw error;
  }
  const server = app.getHttpServer();
  const as = (token: string): Agent => {
    const auth = (test: request.Test) => test.set('Authorization', `Bearer ${token}`);
    return {
      get: (path: string) => auth(request(server).get(path)),
      post: (path: string) => auth(request(server).post(path)),
      patch: (path: string) => auth(request(server).patch(path)),
      put: (path: string) => auth(request(server).put(path)),
      delete: (path: string) => auth(request(server).delete(path)),
    };
  };
  let keys = 0;
  return {
    app,
    dataSource,
    config,
    clock,
    url,
    api: () => as(TEST_TOKEN),
    as,
    async createKey(role, options = {}) {
      const response = await as(TEST_TOKEN)
        .post('/api/v1/api-keys')
        .send({
          name: options.name ?? `${role}-${++keys}`,
          role,
          projects: options.projects,
          expiresAt: options.expiresAt,
        })
        .expect(201);
      return { id: response.body.id, token: response.body.token };
    },
    async listen() {
      await app.listen(0, '127.0.0.1');
      return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    },
    async close() {
      await app.close();
      await drop();
    },
  };
}
