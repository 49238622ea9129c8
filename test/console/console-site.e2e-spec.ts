import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { CONSOLE_DIR } from '../../src/config/app-config';
import { createTestApp, TEST_TOKEN, type TestApp } from '../support/test-app';

/**
 * The web console as the service serves it: its page and files under a CSP of their own, and
 * the API beside it unchanged. A small stand-in build is written to a temp folder, so this test
 * needs no Vite run (the browser suite, console.e2e-spec.ts, serves the real build).
 */
const STAND_IN = {
  'index.html':
    '<!doctype html><html><head><script type="module" src="/assets/app-1a2b.js"></script></head><body><div id="root"></div></body></html>',
  'assets/app-1a2b.js': 'document.title = "console";',
};

function writeBuild(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-console-'));
  for (const [name, content] of Object.entries(STAND_IN)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
  return root;
}

const csp = (response: request.Response) => String(response.headers['content-security-policy']);

describe('a service with a built console', () => {
  let t: TestApp;
  let root: string;
  beforeAll(async () => {
    root = writeBuild();
    t = await createTestApp({ consoleDir: root });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('serves the page at / under a CSP with nothing inline and the API on this origin only', async () => {
    const response = await request(t.app.getHttpServer()).get('/').expect(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.text).toBe(STAND_IN['index.html']);
    const policy = csp(response);
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("style-src 'self';");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("font-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('unsafe-inline');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-frame-options']).toBe('DENY');
  });

  it('serves the page for a console route a browser opens directly (a shared link)', async () => {
    const response = await request(t.app.getHttpServer())
      .get('/findings?severity=critical&status=open')
      .expect(200);
    expect(response.text).toBe(STAND_IN['index.html']);
    expect(csp(response)).not.toContain('unsafe-inline');
  });

  it('serves the hashed files to be kept by caches, under the same CSP', async () => {
    const response = await request(t.app.getHttpServer()).get('/assets/app-1a2b.js').expect(200);
    expect(response.text).toBe(STAND_IN['assets/app-1a2b.js']);
    expect(response.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(csp(response)).not.toContain('unsafe-inline');
  });

  it('answers 404 for a file the build does not have, not the page', async () => {
    const response = await request(t.app.getHttpServer()).get('/assets/missing.js').expect(404);
    expect(response.text).not.toContain('<div id="root">');
  });

  it('leaves the API as it was: its own CSP, and JSON 404s for unknown API paths', async () => {
    const health = await request(t.app.getHttpServer()).get('/health').expect(200);
    expect(csp(health)).toContain("style-src 'self' 'unsafe-inline'");
    const findings = await t.api().get('/api/v1/findings').expect(200);
    expect(csp(findings)).toContain("style-src 'self' 'unsafe-inline'");
    const unknown = await t.api().get('/api/v1/no-such-route').expect(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/json/);
    expect(unknown.text).not.toContain('<div id="root">');
    await request(t.app.getHttpServer()).get('/api/v1/findings').expect(401);
  });

  it('refuses to write anything through the console paths', async () => {
    await request(t.app.getHttpServer()).post('/findings').send({}).expect(404);
  });
});

describe('a service without a built console', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ consoleDir: path.join(os.tmpdir(), 'vigil-no-console-here') });
  });
  afterAll(async () => t.close());

  it('answers / with a 404 that says how to build it, and serves the API all the same', async () => {
    const response = await request(t.app.getHttpServer()).get('/').expect(404);
    expect(response.body.message).toContain('npm run build');
    await request(t.app.getHttpServer())
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${TEST_TOKEN}`)
      .expect(200);
  });
});

describe('the default console folder', () => {
  it('is dist/console of the project, from the sources and from the build alike', () => {
    expect(CONSOLE_DIR).toBe(path.join(__dirname, '..', '..', 'dist', 'console'));
  });
});

describe('GET /api/v1/auth/me', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('names the calling key, its role, its projects and what the role may do', async () => {
    const key = await t.createKey('security-officer', { name: 'alice', projects: ['shop'] });
    const { body } = await t.as(key.token).get('/api/v1/auth/me').expect(200);
    expect(body).toMatchObject({
      keyId: key.id,
      name: 'alice',
      role: 'security-officer',
      projects: ['shop'],
    });
    expect(body.permissions).toEqual(
      expect.arrayContaining(['read:Finding', 'update:Finding', 'approve:Waiver']),
    );
    expect(body.permissions).not.toContain('create:ApiKey');
    expect(body.permissions).not.toContain('read:AuditLog');
  });

  it('gives an auditor reading only, and a key without projects null', async () => {
    const key = await t.createKey('auditor');
    const { body } = await t.as(key.token).get('/api/v1/auth/me').expect(200);
    expect(body.projects).toBeNull();
    expect(body.permissions.filter((permission: string) => !permission.startsWith('read:'))).toEqual([
      'create:Report',
    ]);
  });

  it('answers 401 without a key', async () => {
    await request(t.app.getHttpServer()).get('/api/v1/auth/me').expect(401);
  });
});
