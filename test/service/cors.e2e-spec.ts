import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';

describe('CORS', () => {
  let closed: TestApp;
  let open: TestApp;
  beforeAll(async () => {
    closed = await createTestApp();
    open = await createTestApp({ corsOrigins: ['https://console.example.com'] });
  });
  afterAll(async () => {
    await closed.close();
    await open.close();
  });

  it('stays closed unless origins are configured: no browser origin is allowed', async () => {
    const response = await closed
      .api()
      .get('/api/v1/findings')
      .set('Origin', 'https://console.example.com')
      .expect(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(closed.app.getHttpServer())
      .options('/api/v1/findings')
      .set('Origin', 'https://console.example.com')
      .set('Access-Control-Request-Method', 'GET');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows the configured origins, and only those', async () => {
    const allowed = await open
      .api()
      .get('/api/v1/findings')
      .set('Origin', 'https://console.example.com')
      .expect(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://console.example.com');
    const other = await open
      .api()
      .get('/api/v1/findings')
      .set('Origin', 'https://evil.example.com')
      .expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses an origin setting that is not an origin', async () => {
    const { loadConfig } = await import('../../src/config/app-config');
    expect(() => loadConfig({ VIGIL_CORS_ORIGINS: 'https://ok.example.com, *' })).toThrow(
      "VIGIL_CORS_ORIGINS: '*' is not an origin such as https://vigil.example.com",
    );
  });
});
