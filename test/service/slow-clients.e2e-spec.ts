import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createTestApp, TEST_TOKEN, type TestApp } from '../support/test-app';

/** Short limits, so that a client the service should cut off is cut off within the test. */
let t: TestApp;
let port: number;
beforeAll(async () => {
  t = await createTestApp({
    idleTimeoutMs: 1000,
    headersTimeoutMs: 2000,
    requestTimeoutMs: 3000,
    keepAliveTimeoutMs: 1000,
  });
  await t.app.listen(0, '127.0.0.1');
  port = (t.app.getHttpServer().address() as AddressInfo).port;
});
afterAll(async () => t.close());

interface Outcome {
  /** What the server wrote before closing. */
  received: string;
  /** Milliseconds from connecting until the server closed the connection. */
  closedAfterMs: number;
}

/**
 * A raw client on loopback: writes `chunks` one after the other, `everyMs` apart, then waits
 * silently. Resolves when the server closes the connection; fails if it is still open after
 * `giveUpMs`.
 */
function slowClient(chunks: string[], everyMs: number, giveUpMs: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    let next = 0;
    const drip = setInterval(() => {
      if (next < chunks.length && !socket.destroyed) socket.write(chunks[next++]);
    }, everyMs);
    const giveUp = setTimeout(() => {
      clearInterval(drip);
      socket.destroy();
      reject(new Error(`still open after ${giveUpMs} ms; received: ${received}`));
    }, giveUpMs);
    socket.on('data', (data) => (received += data.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(drip);
      clearTimeout(giveUp);
      resolve({ received, closedAfterMs: Date.now() - started });
    });
    socket.on('connect', () => socket.write(chunks[next++]));
  });
}

const head = (contentLength: number) =>
  `POST /api/v1/scans HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TEST_TOKEN}\r\n` +
  `Content-Type: application/json\r\nContent-Length: ${contentLength}\r\n\r\n`;

describe('slow clients', () => {
  it('cuts off a client that declares 1000 bytes, sends 7 and goes quiet', async () => {
    const outcome = await slowClient([head(1000) + '{"proj"'], 100, 10_000);
    // The idle limit is 1 s; the generous bound only says "seconds, not minutes".
    expect(outcome.closedAfterMs).toBeLessThan(5000);
    expect(outcome.received).not.toMatch(/^HTTP\/1\.1 2/);
  });

  it('answers headers that never end with 408 once the headers limit is up', async () => {
    // One byte every 300 ms is never idle for a second: the headers limit (2 s) applies.
    const dribble = `GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'a'.repeat(100)}`.split('');
    const outcome = await slowClient(dribble, 300, 15_000);
    expect(outcome.received).toMatch(/^HTTP\/1\.1 408/);
    expect(outcome.closedAfterMs).toBeLessThan(8000);
  });

  it('cuts off a body sent a byte at a time once the whole-request limit is up', async () => {
    const body = `{"project":"slow","manifests":[{"path":"a.yaml","content":"${'x'.repeat(200)}"}]}`;
    const outcome = await slowClient([head(body.length), ...body.split('')], 300, 15_000);
    expect(outcome.received).not.toMatch(/^HTTP\/1\.1 2/);
    expect(outcome.closedAfterMs).toBeLessThan(9000);
  });

  it('keeps the connection of a complete request the service is still working on', async () => {
    // Every pooled connection sleeps for 3 s: the list request waits, silent, three idle limits long.
    const sleepers = Array.from({ length: 20 }, () => t.dataSource.query('SELECT pg_sleep(3)'));
    try {
      const outcome = await slowClient(
        [
          `GET /api/v1/findings HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TEST_TOKEN}\r\nConnection: close\r\n\r\n`,
        ],
        100,
        20_000,
      );
      expect(outcome.received).toMatch(/^HTTP\/1\.1 200/);
      expect(outcome.closedAfterMs).toBeGreaterThan(1500);
    } finally {
      await Promise.all(sleepers);
    }
  });
});
