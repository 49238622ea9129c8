import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';

const UNREACHED = { admin: 1000, 'security-officer': 1000, auditor: 1000, ci: 1000, unauthenticated: 1000 };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ rateLimits: { ...UNREACHED, ci: 3, unauthenticated: 2 } });
});
afterAll(async () => t.close());

describe('rate limits per key, set by role', () => {
  it('answers the request past a ci key’s limit with 429 and Retry-After, other keys unaffected', async () => {
    const ci = await t.createKey('ci', { projects: ['limited'] });
    const other = await t.createKey('ci', { projects: ['limited'] });
    for (let i = 0; i < 3; i++) await t.as(ci.token).get('/api/v1/scans').expect(200);
    const refused = await t.as(ci.token).get('/api/v1/scans').expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toMatchObject({
      statusCode: 429,
      message: expect.stringMatching(/^more than 3 requests a minute for this key; retry in /),
    });
    // The limit is the key's, not the address's or the role's.
    await t.as(other.token).get('/api/v1/scans').expect(200);
    await t.api().get('/api/v1/scans').expect(200);
  });

  it('counts requests without a valid key per client address, so guessing tokens is slow', async () => {
    const server = t.app.getHttpServer();
    await request(server).get('/api/v1/findings').set('Authorization', 'Bearer guess-1').expect(401);
    await request(server).get('/api/v1/findings').set('Authorization', 'Bearer guess-2').expect(401);
    const refused = await request(server)
      .get('/api/v1/findings')
      .set('Authorization', 'Bearer guess-3')
      .expect(429);
    expect(refused.headers['retry-after']).toBeDefined();
  });
});

describe('client addresses behind a reverse proxy', () => {
  const guess = (app: TestApp, forwardedFor: string, n: number) =>
    request(app.app.getHttpServer())
      .get('/api/v1/findings')
      .set('Authorization', `Bearer guess-${n}`)
      .set('X-Forwarded-For', forwardedFor);

  it('counts per client the trusted proxy names in X-Forwarded-For', async () => {
    // The test's requests come from loopback: here, the proxy.
    const proxied = await createTestApp({
      rateLimits: { ...UNREACHED, unauthenticated: 2 },
      trustProxy: ['loopback'],
    });
    try {
      await guess(proxied, '203.0.113.7', 1).expect(401);
      await guess(proxied, '203.0.113.7', 2).expect(401);
      await guess(proxied, '203.0.113.7', 3).expect(429);
      // Another client behind the same proxy has a bucket of its own.
      await guess(proxied, '203.0.113.8', 4).expect(401);
    } finally {
      await proxied.close();
    }
  });

  it('ignores X-Forwarded-For from a sender not configured as a proxy: a client cannot name itself anew', async () => {
    const direct = await createTestApp({ rateLimits: { ...UNREACHED, unauthenticated: 2 } });
    try {
      await guess(direct, '198.51.100.1', 1).expect(401);
      await guess(direct, '198.51.100.2', 2).expect(401);
      await guess(direct, '198.51.100.3', 3).expect(429);
    } finally {
      await direct.close();
    }
  });
});

describe('the limits are settings', () => {
  it('reads the trusted proxies, refusing anything but addresses, ranges and proxy-addr names', async () => {
    const { loadConfig, ConfigError } = await import('../../src/config/app-config');
    expect(loadConfig({}).trustProxy).toBeUndefined();
    expect(
      loadConfig({ VIGIL_TRUST_PROXY: '10.0.0.0/8, 2001:db8::/32,loopback, 192.0.2.10' }).trustProxy,
    ).toEqual(['10.0.0.0/8', '2001:db8::/32', 'loopback', '192.0.2.10']);
    for (const value of ['true', '1', '10.0.0.0/33', 'proxy.internal', '10.0.0.0/8/1']) {
      expect(() => loadConfig({ VIGIL_TRUST_PROXY: value })).toThrow(ConfigError);
    }
  });

  it('reads one limit per role from the environment, refusing nonsense', async () => {
    const { loadConfig, ConfigError } = await import('../../src/config/app-config');
    expect(loadConfig({ VIGIL_RATE_LIMIT_CI: '30', VIGIL_RATE_LIMIT_AUDITOR: '100' }).rateLimits).toEqual({
      admin: 6000,
      'security-officer': 6000,
      auditor: 100,
      ci: 30,
      unauthenticated: 120,
    });
    expect(() => loadConfig({ VIGIL_RATE_LIMIT_ADMIN: 'lots' })).toThrow(ConfigError);
  });
});
