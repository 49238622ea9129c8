import type { Role } from '../../src/auth/principal';
import { exampleText, findingIds } from '../findings/findings-seed';
import { uniqueProject } from '../support/projects';
import { registeredRoutes } from '../support/routes';
import { createTestApp, type TestApp, type TestKey } from '../support/test-app';

/**
 * Every route × every role × a target inside / outside the key's projects → the status, from
 * the one table below. Wherever the answer is 401, 403 or 404, every table of the database is
 * as it was before the request; and no answer to a scoped key holds anything of the other
 * project it was not given in the request.
 */

type Where = 'inside' | 'outside';
/** [inside, outside] for each role; admin keys reach every project, so outside is its inside. */
type Expected = Record<Role, [number, number]>;

interface Fixture {
  inside: { project: string; scan: string; finding: string };
  outside: { project: string; scan: string; finding: string };
}

interface Call {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  url: string;
  body?: object;
}

const both = (status: number): [number, number] => [status, status];
const scoped = (inside: number): [number, number] => [inside, 404];
const forbidden = both(403);

/** An id no waiver or report has: the role's gate answers before the lookup does. */
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

const scanUpload = (project: string) => ({
  project,
  manifests: [{ path: 'infra/support-assistant.yaml', content: exampleText('support-assistant') }],
});

/** The one table: route → how to call it at a target → the expected status per role. */
const MATRIX: Record<
  string,
  { call: (target: Fixture[Where], t: TestApp) => Promise<Call>; expected: Expected }
> = {
  'GET /health': {
    call: async () => ({ method: 'get', url: '/health' }),
    expected: { admin: both(200), 'security-officer': both(200), auditor: both(200), ci: both(200) },
  },
  'POST /api/v1/api-keys': {
    call: async () => ({
      method: 'post',
      url: '/api/v1/api-keys',
      body: { name: 'matrix-made', role: 'ci' },
    }),
    expected: { admin: both(201), 'security-officer': forbidden, auditor: forbidden, ci: forbidden },
  },
  'GET /api/v1/api-keys': {
    call: async () => ({ method: 'get', url: '/api/v1/api-keys' }),
    expected: { admin: both(200), 'security-officer': forbidden, auditor: forbidden, ci: forbidden },
  },
  'DELETE /api/v1/api-keys/:id': {
    call: async (_target, t) => ({
      method: 'delete',
      url: `/api/v1/api-keys/${(await t.createKey('ci')).id}`,
    }),
    expected: { admin: both(200), 'security-officer': forbidden, auditor: forbidden, ci: forbidden },
  },
  'POST /api/v1/scans': {
    call: async (target) => ({ method: 'post', url: '/api/v1/scans', body: scanUpload(target.project) }),
    // Naming a project beyond the key's reach reveals nothing new: 403, not 404.
    expected: { admin: both(201), 'security-officer': [201, 403], auditor: forbidden, ci: [201, 403] },
  },
  'GET /api/v1/scans': {
    call: async (target) => ({ method: 'get', url: `/api/v1/scans?project=${target.project}` }),
    // Outside: an empty list, as for a project that does not exist.
    expected: { admin: both(200), 'security-officer': both(200), auditor: both(200), ci: both(200) },
  },
  'GET /api/v1/scans/:id': {
    call: async (target) => ({ method: 'get', url: `/api/v1/scans/${target.scan}` }),
    // The inside scan is the ci key's own.
    expected: { admin: both(200), 'security-officer': scoped(200), auditor: scoped(200), ci: scoped(200) },
  },
  'GET /api/v1/scans/:id/findings': {
    call: async (target) => ({ method: 'get', url: `/api/v1/scans/${target.scan}/findings` }),
    expected: { admin: both(200), 'security-officer': scoped(200), auditor: scoped(200), ci: forbidden },
  },
  'GET /api/v1/findings': {
    call: async (target) => ({ method: 'get', url: `/api/v1/findings?project=${target.project}` }),
    expected: { admin: both(200), 'security-officer': both(200), auditor: both(200), ci: forbidden },
  },
  'GET /api/v1/findings/counts': {
    call: async (target) => ({ method: 'get', url: `/api/v1/findings/counts?project=${target.project}` }),
    // Outside: zero counts, as for a project that does not exist.
    expected: { admin: both(200), 'security-officer': both(200), auditor: both(200), ci: forbidden },
  },
  'POST /api/v1/findings/bulk': {
    call: async (target) => ({
      method: 'post',
      url: '/api/v1/findings/bulk',
      body: { ids: [target.finding], note: 'matrix' },
    }),
    expected: { admin: both(200), 'security-officer': scoped(200), auditor: forbidden, ci: forbidden },
  },
  'GET /api/v1/findings/:id': {
    call: async (target) => ({ method: 'get', url: `/api/v1/findings/${target.finding}` }),
    expected: { admin: both(200), 'security-officer': scoped(200), auditor: scoped(200), ci: forbidden },
  },
  'PATCH /api/v1/findings/:id': {
    call: async (target) => ({
      method: 'patch',
      url: `/api/v1/findings/${target.finding}`,
      body: { note: 'matrix' },
    }),
    expected: { admin: both(200), 'security-officer': scoped(200), auditor: forbidden, ci: forbidden },
  },
  'GET /api/v1/waivers': {
    call: async () => ({ method: 'get', url: '/api/v1/waivers' }),
    // Outside waivers are filtered out of the list, not refused.
    expected: { admin: both(200), 'security-officer': both(200), auditor: both(200), ci: forbidden },
  },
  'POST /api/v1/waivers/:id/approve': {
    call: async () => ({ method: 'post', url: `/api/v1/waivers/${UNKNOWN_ID}/approve`, body: {} }),
    expected: { admin: both(404), 'security-officer': both(404), auditor: forbidden, ci: forbidden },
  },
  'POST /api/v1/waivers/:id/reject': {
    call: async () => ({ method: 'post', url: `/api/v1/waivers/${UNKNOWN_ID}/reject`, body: {} }),
    expected: { admin: both(404), 'security-officer': both(404), auditor: forbidden, ci: forbidden },
  },
  'GET /api/v1/audit': {
    call: async () => ({ method: 'get', url: '/api/v1/audit' }),
    // The matrix's auditor is limited to projects; the log spans them all (see abilities.ts).
    expected: { admin: both(200), 'security-officer': forbidden, auditor: forbidden, ci: forbidden },
  },
  'GET /api/v1/audit/verify': {
    call: async () => ({ method: 'get', url: '/api/v1/audit/verify' }),
    // The matrix's auditor is limited to projects; the log spans them all (see abilities.ts).
    expected: { admin: both(200), 'security-officer': forbidden, auditor: forbidden, ci: forbidden },
  },
  'GET /api/v1/projects/:project/settings': {
    call: async (target) => ({ method: 'get', url: `/api/v1/projects/${target.project}/settings` }),
    expected: { admin: both(200), 'security-officer': scoped(200), auditor: scoped(200), ci: forbidden },
  },
  'PUT /api/v1/projects/:project/settings': {
    call: async (target) => ({
      method: 'put',
      url: `/api/v1/projects/${target.project}/settings`,
      body: { inlineSuppressions: 'honour' },
    }),
    expected: { admin: both(200), 'security-officer': forbidden, auditor: forbidden, ci: forbidden },
  },
  'POST /api/v1/reports': {
    call: async (target) => ({
      method: 'post',
      url: '/api/v1/reports',
      body: { project: target.project, framework: 'gdpr', format: 'json' },
    }),
    // The caller names the project, as for scans: outside it is 403.
    expected: { admin: both(201), 'security-officer': [201, 403], auditor: [201, 403], ci: forbidden },
  },
  'GET /api/v1/reports': {
    call: async (target) => ({ method: 'get', url: `/api/v1/reports?project=${target.project}` }),
    expected: { admin: both(200), 'security-officer': both(200), auditor: both(200), ci: forbidden },
  },
  'GET /api/v1/reports/:id/download': {
    call: async () => ({ method: 'get', url: `/api/v1/reports/${UNKNOWN_ID}/download` }),
    expected: { admin: both(404), 'security-officer': both(404), auditor: both(404), ci: forbidden },
  },
  'GET /api/v1/reports/:id/signature': {
    call: async () => ({ method: 'get', url: `/api/v1/reports/${UNKNOWN_ID}/signature` }),
    expected: { admin: both(404), 'security-officer': both(404), auditor: both(404), ci: forbidden },
  },
  'GET /api/v1/reports/signing-certificate': {
    call: async () => ({ method: 'get', url: '/api/v1/reports/signing-certificate' }),
    expected: { admin: both(200), 'security-officer': both(200), auditor: both(200), ci: both(200) },
  },
  'POST /api/v1/reports/verify': {
    call: async () => ({
      method: 'post',
      url: '/api/v1/reports/verify',
      body: {
        report: Buffer.from('a report').toString('base64'),
        signature: Buffer.from('no').toString('base64'),
      },
    }),
    expected: { admin: both(200), 'security-officer': both(200), auditor: both(200), ci: both(200) },
  },
  'GET /api/v1/auth/me': {
    call: async () => ({ method: 'get', url: '/api/v1/auth/me' }),
    expected: { admin: both(200), 'security-officer': both(200), auditor: both(200), ci: both(200) },
  },
  'GET /api/v1/findings/:id/remediation': {
    call: async (target) => ({ method: 'get', url: `/api/v1/findings/${target.finding}/remediation` }),
    expected: { admin: both(200), 'security-officer': scoped(200), auditor: scoped(200), ci: forbidden },
  },
  'GET /api/v1/findings/:id/graph': {
    call: async (target) => ({ method: 'get', url: `/api/v1/findings/${target.finding}/graph` }),
    expected: { admin: both(200), 'security-officer': scoped(200), auditor: scoped(200), ci: forbidden },
  },
};

let t: TestApp;
let fixture: Fixture;
let keys: Record<Role, TestKey>;
/** Everything of the outside project a scoped key must never be shown unless it sent it. */
let outsideSecrets: string[];

beforeAll(async () => {
  t = await createTestApp();
  const inside = uniqueProject('inside');
  const outside = uniqueProject('outside');
  keys = {
    admin: await t.createKey('admin'),
    'security-officer': await t.createKey('security-officer', { projects: [inside] }),
    auditor: await t.createKey('auditor', { projects: [inside] }),
    ci: await t.createKey('ci', { projects: [inside] }),
  };
  const insideScan = await t.as(keys.ci.token).post('/api/v1/scans').send(scanUpload(inside)).expect(201);
  const outsideScan = await t.api().post('/api/v1/scans').send(scanUpload(outside)).expect(201);
  const outsideFindings = await findingIds(t, outside);
  fixture = {
    inside: { project: inside, scan: insideScan.body.id, finding: (await findingIds(t, inside))[0] },
    outside: { project: outside, scan: outsideScan.body.id, finding: outsideFindings[0] },
  };
  outsideSecrets = [outside, outsideScan.body.id, ...outsideFindings];
});
afterAll(async () => t.close());

/** A digest of every table (last use of keys aside: it is written in the background). */
async function everything(): Promise<Record<string, string>> {
  const tables: { name: string }[] = await t.dataSource.query(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  const digests: Record<string, string> = {};
  for (const { name } of tables) {
    const [{ digest }] = await t.dataSource.query(
      `SELECT md5(coalesce(string_agg((to_jsonb(t) - 'last_used_at')::text, '|' ORDER BY (to_jsonb(t) - 'last_used_at')::text), '')) AS digest FROM "${name}" t`,
    );
    digests[name] = digest;
  }
  return digests;
}

async function send(call: Call, token: string | undefined) {
  let test = t.as(token ?? '')[call.method](call.url);
  if (token === undefined) test = test.unset('Authorization');
  return call.body ? test.send(call.body) : test;
}

describe('the authorization matrix', () => {
  it('covers every registered route, and only those', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(registeredRoutes(t.app).map((route) => route.route));
  });

  const cases = Object.entries(MATRIX).flatMap(([route, { call, expected }]) => [
    ...(Object.keys(expected) as Role[]).flatMap((role) =>
      (['inside', 'outside'] as const).map((where) => ({
        route,
        call,
        who: role as Role | 'no token',
        where,
        status: expected[role][where === 'inside' ? 0 : 1],
      })),
    ),
    {
      route,
      call,
      who: 'no token' as const,
      where: 'inside' as const,
      status: route === 'GET /health' ? 200 : 401,
    },
  ]);

  it.each(cases)('$route as $who, $where its projects → $status', async ({ call, who, where, status }) => {
    const request = await call(fixture[where], t);
    const before = status >= 400 ? await everything() : undefined;
    const response = await send(request, who === 'no token' ? undefined : keys[who].token);
    expect({ status: response.status, body: response.body }).toMatchObject({ status });
    if (before) expect(await everything()).toEqual(before);
    if (who !== 'admin') {
      const sent = JSON.stringify(request);
      const leaked = outsideSecrets.filter(
        (secret) => response.text.includes(secret) && !sent.includes(secret),
      );
      expect(leaked).toEqual([]);
    }
  });
});
