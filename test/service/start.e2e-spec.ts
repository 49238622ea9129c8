import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { servingUrl, serviceEnv, spawnService, stopProcess } from '../support/service-process';

const ROOT = path.join(__dirname, '..', '..');

/** `npm start` as a user runs it: the built service with an embedded PostgreSQL of its own. */
describe('npm start', () => {
  it('starts on a fresh data folder, serves, and shuts the embedded database down on SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-start-'));
    const service = spawnService(serviceEnv(dataDir));
    try {
      const url = await servingUrl(service);
      expect(service.stderr()).toMatch(/no VIGIL_ADMIN_TOKEN set; the API token is in .*admin-token/);
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

      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(0);
      // A clean PostgreSQL shutdown removes its pid file.
      expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    } finally {
      stopProcess(service);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);

  // Loading the service takes seconds on a busy machine: the 20 s bound is not a speed claim.
  it('refuses a bad configuration with a clear message', async () => {
    const service = spawnService({
      ...process.env,
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      VIGIL_ADMIN_TOKEN: 'short',
    });
    expect(await service.exited).toBe(1);
    expect(service.stderr()).toMatch(/PORT must be a whole number from 0 to 65535, got 'eighty'/);
    expect(service.stderr()).toMatch(/DATABASE_URL must be a PostgreSQL URL/);
    expect(service.stderr()).toMatch(/VIGIL_ADMIN_TOKEN must be at least 16 characters/);
  }, 20_000);
});
