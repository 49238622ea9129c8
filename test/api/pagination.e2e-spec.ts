import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTestApp, type TestApp } from '../support/test-app';

const manifest = fs.readFileSync(
  path.join(__dirname, '..', '..', 'examples', 'support-assistant.yaml'),
  'utf8',
);
const ID = '0b7e4a0c-5a0e-4c1e-9f59-0d1c2c3b4a59';
const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

let t: TestApp;
let scanId: string;
beforeAll(async () => {
  t = await createTestApp();
  const scan = await t
    .api()
    .post('/api/v1/scans')
    .send({ project: 'paging', manifests: [{ path: 'support-assistant.yaml', content: manifest }] })
    .expect(201);
  scanId = scan.body.id;
});
afterAll(async () => t.close());

/** Each list with cursors that decode but hold what its key cannot be. */
const lists = () => [
  {
    route: '/api/v1/scans',
    forged: [
      raw(['2026-02-30T00:00:00.000000Z', ID]),
      raw(['0000-01-01T00:00:00.000000Z', ID]),
      raw(['2026-01-01T00:00:00.000000Z', 'not-a-uuid']),
      raw([1, ID]),
    ],
  },
  {
    route: `/api/v1/scans/${scanId}/findings`,
    forged: [raw([1.5, ID]), raw([1e308, ID]), raw([0, ID]), raw(['3', ID]), raw([3, 'x'])],
  },
  {
    route: '/api/v1/findings',
    forged: [
      raw(['-severity', 1.5, ID]),
      raw(['-severity', 5, ID]),
      raw(['-lastSeenAt', '2026-02-30T00:00:00.000000Z', ID]),
      raw(['-lastSeenAt', '0000-01-01T00:00:00.000000Z', ID]),
      raw(['nonsense', 3, ID]),
    ],
  },
];

describe('every list refuses a bad cursor with 400 and a clear message', () => {
  it.each(['scans', 'scan findings', 'findings'])('%s', async (which) => {
    const list = lists()[['scans', 'scan findings', 'findings'].indexOf(which)];
    for (const cursor of ['garbage', '%00', raw('just a string'), ...list.forged]) {
      const response = await t.api().get(`${list.route}?cursor=${cursor}`);
      expect({ cursor, status: response.status }).toEqual({ cursor, status: 400 });
      expect(response.body.message).toMatch(/cursor/);
    }
  });

  it.each(['scans', 'scan findings', 'findings'])('%s: a real cursor pages on', async (which) => {
    const list = lists()[['scans', 'scan findings', 'findings'].indexOf(which)];
    const first = await t.api().get(`${list.route}?limit=1`).expect(200);
    expect(first.body.items).toHaveLength(1);
    if (first.body.nextCursor === null) return expect(which).toBe('scans');
    const next = await t.api().get(`${list.route}?limit=1&cursor=${first.body.nextCursor}`).expect(200);
    expect(next.body.items[0].id).not.toBe(first.body.items[0].id);
  });
});

describe('list parameters', () => {
  it('refuses a filter a list does not have', async () => {
    const response = await t.api().get(`/api/v1/scans/${scanId}/findings?project=paging`).expect(400);
    expect(response.body.message).toEqual(['property project should not exist']);
  });

  it('refuses a text search shorter than 3 characters, which no index could serve', async () => {
    const response = await t.api().get('/api/v1/findings?q=ab').expect(400);
    expect(response.body.message).toEqual(['q needs at least 3 characters']);
  });

  it.each(['0', '501', '1.5', 'ten'])('refuses limit=%s on every list', async (limit) => {
    for (const route of ['/api/v1/scans', `/api/v1/scans/${scanId}/findings`, '/api/v1/findings']) {
      const response = await t.api().get(`${route}?limit=${limit}`).expect(400);
      expect([response.body.message].flat().join()).toMatch(/limit must be a whole number from 1 to 500/);
    }
  });
});
