import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createTestApp, TEST_TOKEN, type TestApp } from '../support/test-app';
import { runCliAsync } from './run-cli';

let t: TestApp;
let server: string;
beforeAll(async () => {
  t = await createTestApp();
  server = await t.listen();
});
afterAll(async () => t.close());

const scan = (args: string[], env: Record<string, string> = {}) =>
  runCliAsync(['scan', ...args, '--format', 'json', '--output', '/dev/null'], env);

describe('vigil scan --server', () => {
  it('sends the scan, prints the verdict and the new findings, and exits by the verdict', async () => {
    const result = await scan([
      'examples/support-assistant.yaml',
      '--server',
      server,
      '--token',
      TEST_TOKEN,
      '--project',
      'cli',
      '--ref',
      'main',
    ]);
    expect(result.stderr).toMatch(
      /recorded scan [0-9a-f-]{36}: FAIL \(fail on high\); 10 new, 0 reopened, 0 fixed, 0 unchanged/,
    );
    expect(result.stderr).toMatch(
      /New findings:\n {2}CRITICAL AC-003 {2}grant\/support-leads {2}examples\/support-assistant\.yaml:76/,
    );
    expect(result.status).toBe(1);
    const [{ n }] = await t.dataSource.query(
      "SELECT count(*)::int AS n FROM scans s JOIN projects p ON p.id = s.project_id WHERE p.name = 'cli'",
    );
    expect(n).toBe(1);
  });

  it('warns in the CI log when a complete scan fixed findings whose files it did not send', async () => {
    const project = ['--server', server, '--token', TEST_TOKEN, '--project', 'cli-wrong-folder'];
    expect((await scan(['examples/support-assistant.yaml', ...project])).status).toBe(1);
    const wrongFolder = await scan(['examples/invoice-archive-compliant.yaml', ...project]);
    expect(wrongFolder.status).toBe(0);
    expect(wrongFolder.stderr).toContain(
      "vigil: WARNING: this complete scan fixed 10 of the project's 10 open findings although none of their files was in the upload",
    );
  });

  it('prints only the verdict with stdout piped, and the local report only when a --format asks', async () => {
    const args = [
      'scan',
      'examples/payroll-sync.yaml',
      '--server',
      server,
      '--token',
      TEST_TOKEN,
      '--project',
      'quiet',
    ];
    const verdictOnly = await runCliAsync(args);
    expect(verdictOnly.stdout).toBe('');
    expect(verdictOnly.stderr).toMatch(/recorded scan [0-9a-f-]{36}: FAIL/);
    const withReport = await runCliAsync([...args, '--format', 'json']);
    expect(JSON.parse(withReport.stdout).findings.length).toBeGreaterThan(0);
    expect(withReport.stderr).toMatch(/recorded scan [0-9a-f-]{36}: FAIL/);
  });

  it('passes when the service has nothing at the threshold, reading the token from VIGIL_TOKEN', async () => {
    const result = await scan(
      ['examples/invoice-archive-compliant.yaml', '--server', server, '--project', 'clean'],
      { VIGIL_TOKEN: TEST_TOKEN },
    );
    expect(result.stderr).toMatch(/PASS/);
    expect(result.status).toBe(0);
  });

  it('uploads the certificate files a manifest references', async () => {
    const result = await scan([
      'test/fixtures/rules/ENC-009/fires.yaml',
      '--server',
      server,
      '--token',
      TEST_TOKEN,
      '--project',
      'certs',
    ]);
    expect(result.stderr).not.toMatch(/input errors/);
    expect(result.stderr).toMatch(/ENC-009/);
  });

  it('exits 2 with a clear message when the token is refused', async () => {
    const result = await scan([
      'examples/support-assistant.yaml',
      '--server',
      server,
      '--token',
      'wrong-token-0000000000',
      '--project',
      'cli',
    ]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/refused the token \(HTTP 401\)/);
  });

  it('exits 2 when the service cannot be reached', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const result = await scan([
      'examples/support-assistant.yaml',
      '--server',
      `http://127.0.0.1:${closedPort}`,
      '--token',
      TEST_TOKEN,
      '--project',
      'cli',
    ]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /cannot reach the Vigil service at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/,
    );
  });

  it('exits 2 without --project or a token', async () => {
    expect((await scan(['examples/', '--server', server, '--token', TEST_TOKEN])).stderr).toMatch(
      /--server needs --project/,
    );
    expect(
      (await scan(['examples/', '--server', server, '--project', 'x'], { VIGIL_TOKEN: '' })).status,
    ).toBe(2);
  });

  it('exits 2 naming --server-timeout when the service gives no verdict in time', async () => {
    // A service that reads the upload and never answers.
    const silent = net.createServer((socket) => socket.resume());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const target = ['--server', `http://127.0.0.1:${port}`, '--token', TEST_TOKEN, '--project', 'cli'];
      const result = await scan(['examples/support-assistant.yaml', ...target, '--server-timeout', '1']);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/gave no verdict within 1 s \(--server-timeout\)/);
      const refused = await scan(['examples/support-assistant.yaml', ...target, '--server-timeout', 'soon']);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(/--server-timeout 'soon' is not a whole number of seconds/);
    } finally {
      silent.close();
    }
  });
});
