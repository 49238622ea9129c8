import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { createTestDatabase, TEST_TOKEN } from '../support/test-app';

const ROOT = path.join(__dirname, '..', '..');
const supportAssistant = fs.readFileSync(path.join(ROOT, 'examples', 'support-assistant.yaml'), 'utf8');

interface RunningService {
  base: string;
  /** Every line the service has written to stdout so far (its JSON log). */
  logLines(): string[];
  stop(): Promise<void>;
}

/** The built service (`node dist/main.js`) on a database of its own, its log captured. */
async function startService(databaseUrl: string): Promise<RunningService> {
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'dist', 'main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      DATABASE_URL: databaseUrl,
      VIGIL_ADMIN_TOKEN: TEST_TOKEN,
      LOG_LEVEL: 'info',
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 20 s:\n${stderr}`)), 20_000);
    child.stderr!.on('data', () => {
      const match = /serving on http:\/\/localhost:(\d+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    });
  });
  return {
    base,
    logLines: () => stdout.split('\n').filter((line) => line.trim() !== ''),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Log lines are flushed asynchronously: wait until one matches. */
async function waitForLine(service: RunningService, pattern: RegExp): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    if (service.logLines().some((line) => pattern.test(line))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the service log', () => {
  let service: RunningService;
  beforeAll(async () => {
    const { url, dataSource } = await createTestDatabase();
    // A database that fails every stored file, quoting the file in its message and detail:
    // a database error, made on purpose, as talkative as one can be.
    await dataSource.query(`
      CREATE FUNCTION refuse_files() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN
          RAISE EXCEPTION 'scan_files refused for this test: %', NEW.content USING DETAIL = NEW.content;
        END $$;
      CREATE TRIGGER refuse_files BEFORE INSERT ON scan_files FOR EACH ROW EXECUTE FUNCTION refuse_files();`);
    await dataSource.destroy();
    service = await startService(url);
  }, 30_000);
  afterAll(async () => {
    await service?.stop();
  });

  it('logs a database error in one line with the request id, without the manifest or SQL parameters', async () => {
    const marker = 'MANIFEST-TEXT-THAT-MUST-NOT-BE-LOGGED';
    const content = `${supportAssistant}\n# ${marker}\n`;
    const response = await fetch(`${service.base}/api/v1/scans`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TEST_TOKEN}`,
        'content-type': 'application/json',
        'x-request-id': 'log-test-1',
      },
      body: JSON.stringify({ project: 'logs', manifests: [{ path: 'secret-path.yaml', content }] }),
    });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ statusCode: 500, message: 'Internal server error' });
    await waitForLine(service, /log-test-1/);
    const lines = service.logLines();
    const all = lines.join('\n');
    expect(all).not.toContain(marker);
    expect(all).not.toContain('secret-path.yaml');
    const errorLines = lines.filter((line) => JSON.parse(line).level >= 50);
    expect(errorLines).toHaveLength(1);
    const logged = JSON.parse(errorLines[0]);
    expect(JSON.stringify(logged)).toContain('log-test-1');
    expect(JSON.stringify(logged)).toContain('scan_files refused for this test');
  });

  it('logs a client that gives up during its upload below error level', async () => {
    const port = Number(new URL(service.base).port);
    await new Promise<void>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(
          `POST /api/v1/scans HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TEST_TOKEN}\r\nX-Request-Id: log-test-abort\r\n` +
            'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"project":"abort","manifests":[',
        );
        setTimeout(() => socket.destroy(), 300);
      });
      socket.on('close', () => resolve());
    });
    await waitForLine(service, /log-test-abort/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const lines = service.logLines().filter((line) => line.includes('log-test-abort'));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
  });
});
