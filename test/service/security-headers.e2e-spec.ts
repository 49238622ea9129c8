import * as http from 'node:http';
import helmet from 'helmet';
import { SECURITY_HEADER_POLICY } from '../../src/http/security-headers';
import { createTestApp, TEST_TOKEN, type TestApp } from '../support/test-app';

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await createTestApp();
  base = await t.listen();
});
afterAll(async () => t.close());

const auth = { authorization: `Bearer ${TEST_TOKEN}` };

function directives(csp: string | null): Map<string, string[]> {
  return new Map(
    (csp ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name, values]),
  );
}

describe('security headers', () => {
  it.each(['/api/v1/scans', '/health', '/api/docs'])('sends the protective headers on %s', async (url) => {
    const response = await fetch(`${base}${url}`, { headers: auth });
    await response.arrayBuffer();
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const csp = directives(response.headers.get('content-security-policy'));
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('tells caches to keep no API answer', async () => {
    for (const url of ['/api/v1/scans', '/api/v1/findings', '/health']) {
      const response = await fetch(`${base}${url}`, { headers: auth });
      await response.arrayBuffer();
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    const refused = await fetch(`${base}/api/v1/scans`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  it('serves an OpenAPI page whose every script and stylesheet the policy allows', async () => {
    const page = await fetch(`${base}/api/docs`);
    const html = await page.text();
    const csp = directives(page.headers.get('content-security-policy'));
    // script-src 'self' without 'unsafe-inline': every script must be a file from this server.
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(body.trim()).toBe('');
      const src = /src=["']([^"']+)["']/.exec(attributes)?.[1];
      expect(src).toBeDefined();
      expect(src).not.toMatch(/^[a-z]+:|^\/\//i);
    }
    // The page has inline <style> blocks and style attributes: style-src must allow them.
    expect(html).toMatch(/<style>/);
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    const stylesheets = [...html.matchAll(/<link[^>]*rel=["']stylesheet["'][^>]*>/g)].map(
      ([tag]) => /href=["']([^"']+)["']/.exec(tag)![1],
    );
    expect(stylesheets.length).toBeGreaterThan(0);
    for (const asset of [
      ...scripts.map(([, attributes]) => /src=["']([^"']+)["']/.exec(attributes)![1]),
      ...stylesheets,
    ]) {
      const response = await fetch(new URL(asset, `${base}/api/docs/`));
      expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
      expect(response.headers.get('content-type')).toMatch(/javascript|css/);
      await response.arrayBuffer();
    }
    // The initialiser carries the OpenAPI document itself: the page needs no other fetch.
    const init = await (await fetch(`${base}/api/docs/swagger-ui-init.js`)).text();
    expect(init).toMatch(/"swaggerDoc":\s*\{/);
    expect(init).toMatch(/\/api\/v1\/findings/);
  });

  it('answers no cross-origin request', async () => {
    const preflight = await fetch(`${base}/api/v1/findings`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await fetch(`${base}/api/v1/findings`, {
      headers: { ...auth, origin: 'https://evil.example' },
    });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("sends exactly the headers helmet's own middleware writes for the policy", async () => {
    // The service works helmet's headers out once at start-up; helmet itself, on a real
    // response, must agree header for header.
    const reference = http.createServer((request, response) =>
      helmet(SECURITY_HEADER_POLICY)(request, response, () => response.end()),
    );
    await new Promise<void>((resolve) => reference.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = reference.address() as import('node:net').AddressInfo;
      const expected = await fetch(`http://127.0.0.1:${port}/`);
      const actual = await fetch(`${base}/health`);
      const skip = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
      const helmetSet = [...expected.headers].filter(([name]) => !skip.has(name));
      expect(helmetSet.length).toBeGreaterThan(8);
      for (const [name, value] of helmetSet) expect({ name, value: actual.headers.get(name) }).toEqual({ name, value });
      await Promise.all([expected.arrayBuffer(), actual.arrayBuffer()]);
    } finally {
      await new Promise((resolve) => reference.close(resolve));
    }
  });
});
