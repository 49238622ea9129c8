import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/** `npm start` as a user runs it: the built service with an embedded PostgreSQL of its own. */
describe('npm start', () => {
  it('starts on a fresh data folder, serves, and shuts the embedded database down on SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-start-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      VIGIL_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    };
    delete env.DATABASE_URL;
    delete env.VIGIL_ADMIN_TOKEN;
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'main.js')], { env, cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start within 20 s:\n${stderr}`)), 20_000);
        child.stderr.on('data', () => {
          const match = /serving on (http:\/\/localhost:\d+)/.exec(stderr);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      expect(stderr).toMatch(/no VIGIL_ADMIN_TOKEN set; the API token is in .*admin-token/);
      const token = fs.readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim();
      expect((await fetch(`${url}/health`)).status).toBe(200);
      expect((await fetch(`${url}/api/v1/scans`)).status).toBe(401);
      const scans = await fetch(`${url}/api/v1/scans`, { headers: { authorization: `Bearer ${token}` } });
      expect(await scans.json()).toEqual({ items: [], nextCursor: null });
      // The built service scans in its worker pool.
      const upload = {
        project: 'start',
        manifests: [
          {
            path: 'support-assistant.yaml',
            content: fs.readFileSync(path.join(ROOT, 'examples', 'support-assistant.yaml'), 'utf8'),
          },
        ],
      };
      const scan = await fetch(`${url}/api/v1/scans`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(upload),
      });
      expect(scan.status).toBe(201);
      expect(((await scan.json()) as { summary: { new: number } }).summary.new).toBe(10);
      const broken = await fetch(`${url}/api/v1/scans`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ project: 'start', manifests: [{ path: 'bad.yaml', content: 'a: [1,' }] }),
      });
      expect(broken.status).toBe(422);
      expect(((await broken.json()) as { problems: { text: string }[] }).problems[0].text).toMatch(
        /^bad\.yaml:\d+:\d+: YAML syntax error/,
      );
      expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(true);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      // A clean PostgreSQL shutdown removes its pid file.
      expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 40_000);

  it('refuses a bad configuration with a clear message', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'main.js')], {
      env: { ...process.env, PORT: 'eighty', DATABASE_URL: 'mysql://x', VIGIL_ADMIN_TOKEN: 'short' },
      cwd: ROOT,
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/PORT must be a whole number from 0 to 65535, got 'eighty'/);
    expect(stderr).toMatch(/DATABASE_URL must be a PostgreSQL URL/);
    expect(stderr).toMatch(/VIGIL_ADMIN_TOKEN must be at least 16 characters/);
  });
});
