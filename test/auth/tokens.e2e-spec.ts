import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { exampleText } from '../findings/findings-seed';
import { createTestApp, TEST_NOW, TEST_TOKEN, type TestApp } from '../support/test-app';

/** Tokens that must not open anything: each is a 401 with a message, and nothing is stored. */
let t: TestApp;
let live: { id: string; token: string };
beforeAll(async () => {
  t = await createTestApp();
  live = await t.createKey('admin', { name: 'live' });
});
afterAll(async () => t.close());

async function counts(): Promise<unknown> {
  const [row] = await t.dataSource.query(
    `SELECT (SELECT count(*)::int FROM scans) AS scans, (SELECT count(*)::int FROM findings) AS findings,
            (SELECT count(*)::int FROM api_keys) AS keys, (SELECT count(*)::int FROM projects) AS projects`,
  );
  return row;
}

/** Each bad token tries a write: a scan and a key, neither must land. */
async function refused(authorization: string | undefined, message: string): Promise<void> {
  const before = await counts();
  const server = t.app.getHttpServer();
  const scan = request(server)
    .post('/api/v1/scans')
    .send({ project: 'tokens', manifests: [{ path: 's.yaml', content: exampleText('support-assistant') }] });
  const key = request(server).post('/api/v1/api-keys').send({ name: 'intruder', role: 'admin' });
  for (const attempt of [scan, key]) {
    const response = await (authorization === undefined
      ? attempt
      : attempt.set('Authorization', authorization));
    expect({ status: response.status, message: response.body.message }).toEqual({ status: 401, message });
  }
  expect(await counts()).toEqual(before);
}

const INVALID = 'the bearer token is not a valid API key';

describe('tokens that open nothing', () => {
  it('no Authorization header', async () => {
    await refused(undefined, 'a bearer token is required (Authorization: Bearer <token>)');
  });

  it.each([
    ['another scheme', () => `Basic ${Buffer.from('admin:admin').toString('base64')}`],
    ['the scheme alone', () => 'Bearer'],
    ['two tokens', () => `Bearer ${live.token} ${live.token}`],
    ['a token with a line break', () => `Bearer ${live.token}\tx`],
  ])('a malformed header: %s', async (_what, header) => {
    await refused(header(), 'the Authorization header must read "Bearer <token>"');
  });

  it.each([
    [
      'a key id nobody issued',
      () => `vigil_${randomBytes(16).toString('hex')}_${randomBytes(32).toString('base64url')}`,
    ],
    [
      'a real key id with a forged secret',
      () => `${live.token.slice(0, 39)}${randomBytes(32).toString('base64url')}`,
    ],
    [
      'a real key with one character changed',
      () => live.token.slice(0, -1) + (live.token.endsWith('A') ? 'B' : 'A'),
    ],
    ['a real key cut short', () => live.token.slice(0, -1)],
    ['the admin token with a character more', () => `${TEST_TOKEN}x`],
    ['the admin token in upper case', () => TEST_TOKEN.toUpperCase()],
    ['a SQL injection for a token', () => "vigil_'OR'1'='1'--"],
    ['10,000 characters', () => 'v'.repeat(10_000)],
  ])('a forged token: %s', async (_what, token) => {
    // Unknown id and wrong secret read alike: the answer does not tell which keys exist.
    await refused(`Bearer ${token()}`, INVALID);
  });

  it('an expired key', async () => {
    const key = await t.createKey('admin', { expiresAt: '2026-11-25T00:00:00Z' });
    t.clock.set(new Date('2026-11-25T00:00:00.001Z'));
    try {
      await refused(`Bearer ${key.token}`, 'this API key expired at 2026-11-25T00:00:00.000Z');
    } finally {
      t.clock.set(TEST_NOW);
    }
  });

  it('a revoked key, from the very next request', async () => {
    const key = await t.createKey('admin');
    await t.as(key.token).get('/api/v1/api-keys').expect(200);
    await t.api().delete(`/api/v1/api-keys/${key.id}`).expect(200);
    await refused(`Bearer ${key.token}`, 'this API key has been revoked');
  });

  it('the admin token once its key is revoked', async () => {
    const other = await createTestApp();
    try {
      const [{ id }] = await other.dataSource.query('SELECT id FROM api_keys WHERE from_admin_token');
      await other.api().delete(`/api/v1/api-keys/${id}`).expect(200);
      const response = await other.api().get('/api/v1/findings').expect(401);
      expect(response.body.message).toBe('this API key has been revoked');
    } finally {
      await other.close();
    }
  });

  it('keeps the live key working throughout', async () => {
    await t.as(live.token).get('/api/v1/api-keys').expect(200);
  });
});
