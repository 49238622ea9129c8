import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    rateLimits: { admin: 1000, 'security-officer': 1000, auditor: 1000, ci: 3, unauthenticated: 2 },
  });
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

describe('the limits are settings', () => {
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
