import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { generateCorpus } from '../../bench/corpus-generator';
import { readPostmasterLock } from '../../src/database/postmaster-lock';
import {
  serviceEnv,
  spawnService,
  startService,
  stopProcess,
  type RunningService,
  type ServiceProcess,
} from '../support/service-process';

/** Generous: a bound on the restart after a crash, not a speed claim (that is for the bench). */
const RESTART_BOUND_MS = 60_000;

const ROOT = path.join(__dirname, '..', '..');
const started: ServiceProcess[] = [];
const folders: string[] = [];

afterEach(() => {
  for (const service of started.splice(0)) stopProcess(service);
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

function dataFolder(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-crash-'));
  folders.push(folder);
  return folder;
}

async function start(dataDir: string, withinMs?: number): Promise<RunningService> {
  const service = await startService(dataDir, { detached: true, withinMs });
  started.push(service);
  return service;
}

/** A service that must refuse to start: its message. */
async function refusedStart(dataDir: string): Promise<string> {
  const service = spawnService(serviceEnv(dataDir), { detached: true });
  started.push(service);
  expect(await service.exited).toBe(1);
  return service.stderr();
}

async function stopCleanly(service: RunningService): Promise<void> {
  service.child.kill('SIGTERM');
  expect(await service.exited).toBe(0);
}

async function api<T>(
  service: RunningService,
  url: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(service.url + url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${service.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** A client of the service's embedded PostgreSQL, found as an operator would: the pid file names the port. */
async function connectToEmbedded(dataDir: string): Promise<Client> {
  const { user, password } = JSON.parse(fs.readFileSync(path.join(dataDir, 'postgres.json'), 'utf8'));
  const port = readPostmasterLock(path.join(dataDir, 'postgres'))!.port;
  const client = new Client({ host: '127.0.0.1', port, user, password, database: 'vigil' });
  // The server is killed under these clients.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

async function counts(client: Client): Promise<Record<string, number>> {
  const tables = ['scans', 'scan_files', 'scan_findings', 'findings', 'finding_events'];
  const result: Record<string, number> = {};
  for (const table of tables)
    result[table] = (await client.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  return result;
}

function largeUpload(): { project: string; manifests: { path: string; content: string }[] } {
  const folder = dataFolder();
  generateCorpus(folder, {
    manifests: 150,
    systemsPerManifest: 10,
    flowsPerManifest: 30,
    grantsPerManifest: 20,
  });
  const manifests = fs
    .readdirSync(folder)
    .sort()
    .map((file) => ({ path: file, content: fs.readFileSync(path.join(folder, file), 'utf8') }));
  return { project: 'crash', manifests };
}

describe('npm start after a crash', () => {
  it('comes back by itself after the service and its PostgreSQL are SIGKILLed mid-ingest', async () => {
    const dataDir = dataFolder();
    const upload = largeUpload();
    const first = await start(dataDir);

    // A SHARE lock on scan_findings stops the ingest inside its transaction, after it has written
    // the scan, its files and its findings, so the kill lands mid-ingest for certain.
    const blocker = await connectToEmbedded(dataDir);
    const observer = await connectToEmbedded(dataDir);
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE scan_findings IN SHARE MODE');
    const pending = api(first, '/api/v1/scans', upload);
    pending.catch(() => undefined);
    let waiting: number | undefined;
    for (let attempt = 0; attempt < 600 && waiting === undefined; attempt++) {
      const { rows } = await observer.query(
        `SELECT a.pid FROM pg_stat_activity a
         WHERE a.wait_event_type = 'Lock' AND a.query LIKE 'INSERT INTO scan_findings%'
           AND EXISTS (SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                       WHERE l.pid = a.pid AND c.relname = 'findings' AND l.mode = 'RowExclusiveLock')`,
      );
      waiting = rows[0]?.pid;
      if (waiting === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(waiting).toBeDefined();

    process.kill(-first.child.pid!, 'SIGKILL');
    expect(await first.exited).toBeNull();
    await expect(pending).rejects.toThrow('fetch failed');
    await Promise.all([blocker.end().catch(() => undefined), observer.end().catch(() => undefined)]);

    const second = await start(dataDir, RESTART_BOUND_MS);
    // The killed server's PID is a zombie until reaped, or gone: either way its lock is stale.
    expect(second.stderr()).toMatch(
      /removed the stale lock .*postmaster\.pid \(PID \d+: (it is a zombie|no such process)/,
    );
    expect(second.stderr()).toMatch(/replayed its write-ahead log and is ready/);
    expect((await fetch(`${second.url}/health`)).status).toBe(200);
    expect((await api(second, '/api/v1/scans')).body).toEqual({ items: [], nextCursor: null });
    const client = await connectToEmbedded(dataDir);
    try {
      expect(await counts(client)).toEqual({
        scans: 0,
        scan_files: 0,
        scan_findings: 0,
        findings: 0,
        finding_events: 0,
      });

      const scan = await api<{ id: string; summary: { new: number; existing: number } }>(
        second,
        '/api/v1/scans',
        upload,
      );
      expect(scan.status).toBe(201);
      expect(scan.body.summary.new).toBeGreaterThan(0);
      expect(scan.body.summary.existing).toBe(0);
      const after = await counts(client);
      expect(after).toMatchObject({
        scans: 1,
        scan_files: upload.manifests.length,
        scan_findings: scan.body.summary.new,
        findings: scan.body.summary.new,
      });
      const scans = await api<{ items: { id: string }[] }>(second, '/api/v1/scans');
      expect(scans.body.items.map((item) => item.id)).toEqual([scan.body.id]);
    } finally {
      await client.end();
    }
    await stopCleanly(second);
  }, 150_000);

  it('refuses a second service on the same data folder and leaves the first one serving', async () => {
    const dataDir = dataFolder();
    const first = await start(dataDir);
    const upload = {
      project: 'two',
      manifests: [
        {
          path: 'support-assistant.yaml',
          content: fs.readFileSync(path.join(ROOT, 'examples', 'support-assistant.yaml'), 'utf8'),
        },
      ],
    };
    expect((await api(first, '/api/v1/scans', upload)).status).toBe(201);

    expect(await refusedStart(dataDir)).toContain(
      `another Vigil service (PID ${first.child.pid}) is using the data folder ${dataDir}`,
    );

    expect((await fetch(`${first.url}/health`)).status).toBe(200);
    const scans = await api<{ items: unknown[] }>(first, '/api/v1/scans');
    expect(scans.body.items).toHaveLength(1);
    await stopCleanly(first);
  }, 120_000);

  it('refuses to start beside a PostgreSQL left running in the folder, then starts once it is stopped', async () => {
    const dataDir = dataFolder();
    const first = await start(dataDir);
    // Only the service is killed: its PostgreSQL goes on running, with no service in front of it.
    first.child.kill('SIGKILL');
    await first.exited;
    const pgDir = path.join(dataDir, 'postgres');
    const postgresPid = readPostmasterLock(pgDir)!.pid;

    const refusal = await refusedStart(dataDir);
    expect(refusal).toContain(`a PostgreSQL server (PID ${postgresPid}) is already running in ${pgDir}`);
    expect(refusal).toContain(`kill -INT ${postgresPid}`);
    expect(() => process.kill(postgresPid, 0)).not.toThrow();

    // As the message says: stop it, then start again.
    process.kill(postgresPid, 'SIGINT');
    for (let attempt = 0; attempt < 200 && fs.existsSync(path.join(pgDir, 'postmaster.pid')); attempt++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const third = await start(dataDir);
    expect((await fetch(`${third.url}/health`)).status).toBe(200);
    await stopCleanly(third);
  }, 120_000);
});
