import { createTestApp, TEST_TOKEN, type TestApp } from '../support/test-app';
import { runCliAsync } from './run-cli';

let t: TestApp;
let server: string;
beforeAll(async () => {
  t = await createTestApp();
  server = await t.listen();
});
afterAll(async () => t.close());

const keys = (args: string[], env: Record<string, string> = {}) => runCliAsync(['keys', ...args], env);

describe('vigil keys', () => {
  it('creates a key over HTTP, prints its token once, lists it without the token, and revokes it', async () => {
    const created = await keys(
      ['create', '--name', 'payments-ci', '--role', 'ci', '--project', 'payments', '--project', 'billing'],
      { VIGIL_SERVER: server, VIGIL_TOKEN: TEST_TOKEN },
    );
    expect(created.status).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^vigil_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(
      /created ci key payments-ci \([0-9a-f-]{36}\); the token below is shown this once/,
    );
    await t.as(token).get('/api/v1/scans').expect(200);

    const listed = await keys(['list', '--server', server, '--token', TEST_TOKEN]);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/^ID +NAME +ROLE +PROJECTS/);
    expect(listed.stdout).toMatch(/payments-ci +ci +payments,billing/);
    expect(listed.stdout).not.toContain(token.slice(-43));

    const [{ id }] = await t.dataSource.query("SELECT id FROM api_keys WHERE name = 'payments-ci'");
    const revoked = await keys(['revoke', id, '--server', server, '--token', TEST_TOKEN]);
    expect(revoked.status).toBe(0);
    expect(revoked.stderr).toMatch(new RegExp(`key payments-ci \\(${id}\\) revoked at `));
    await t.as(token).get('/api/v1/scans').expect(401);
  });

  it('lists keys as JSON', async () => {
    const listed = await keys(['list', '--server', server, '--token', TEST_TOKEN, '--format', 'json']);
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'admin', role: 'admin', fromAdminToken: true }),
      ]),
    );
  });

  it('exits 2 with the service’s reason when the token may not manage keys or the input is bad', async () => {
    const ci = await t.createKey('ci');
    const refused = await keys(['list', '--server', server, '--token', ci.token]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/refused the token \(HTTP 403\): a ci key may not read ApiKey/);
    const bad = await keys([
      'create',
      '--name',
      'x',
      '--role',
      'ci',
      '--expires',
      'soon',
      '--server',
      server,
      '--token',
      TEST_TOKEN,
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/HTTP 400: expiresAt must be an ISO 8601 date or date-time/);
    const unknown = await keys([
      'revoke',
      '00000000-0000-4000-8000-000000000000',
      '--server',
      server,
      '--token',
      TEST_TOKEN,
    ]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/HTTP 404: no API key/);
  });

  it('exits 2 without a server or a token', async () => {
    const result = await keys(['list'], { VIGIL_SERVER: '', VIGIL_TOKEN: '' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--server is required \(or VIGIL_SERVER\)/);
  });
});
