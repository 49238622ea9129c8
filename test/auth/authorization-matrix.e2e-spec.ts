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

/** What a key may be given inside its projects, and the same of a project outside them. */
interface Target {
  project: string;
  scan: string;
  finding: string;
  /** A finding of its own for the waiver rows, so that their requests never meet the triage rows'. */
  waiverFinding: string;
  /** A stored report of the project (gdpr, json). */
  report: string;
}

interface Fixture {
  inside: Target;
  outside: Target;
}

interface Call {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  url: string;
  body?: object;
}

const both = (status: number): [number, number] => [status, status];
const scoped = (inside: number): [number, number] => [inside, 404];
const forbidden = both(403);

/** The security officer who asks for the matrix's waivers: never a key the matrix decides with. */
let requester: TestKey;

/**
 * A waiver request waiting for a decision on the target's waiver finding, as a security officer
 * makes it (PATCH risk_accepted → 202). Cases run in any order (jest --randomize) and an approval
 * leaves the risk accepted, so whatever an earlier case left is undone first, as an admin would.
 */
async function waitingWaiver(target: Target, t: TestApp): Promise<string> {
  const finding = target.waiverFinding;
  const waiting: { id: string }[] = await t.dataSource.query(
    "SELECT id FROM waivers WHERE finding_id = $1 AND state = 'requested'",
    [finding],
  );
  for (const { id } of waiting) await t.api().post(`/api/v1/waivers/${id}/reject`).send({}).expect(200);
  const { body: now } = await t.api().get(`/api/v1/findings/${finding}`).expect(200);
  if (now.status !== 'open')
    await t.api().patch(`/api/v1/findings/${finding}`).send({ status: 'open' }).expect(200);
  const { body } = await t
    .as(requester.token)
    .patch(`/api/v1/findings/${finding}`)
    .send({ status: 'risk_accepted', justification: 'matrix', expiresAt: '2027-06-01T00:00:00Z' })
    .expect(202);
  return body.waiver.id;
}

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
    call: async (target, t) => ({
      method: 'post',
      url: `/api/v1/waivers/${await waitingWaiver(target, t)}/approve`,
      body: {},
    }),
    // Another project's waiver reads as one that does not exist; the requester is someone else.
    expected: { admin: both(200), 'security-officer': scoped(200), auditor: forbidden, ci: forbidden },
  },
  'POST /api/v1/waivers/:id/reject': {
    call: async (target, t) => ({
      method: 'post',
      url: `/api/v1/waivers/${await waitingWaiver(target, t)}/reject`,
      body: {},
    }),
    expected: { admin: both(200), 'security-officer': scoped(200), auditor: forbidden, ci: forbidden },
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
    call: async (target) => ({ method: 'get', url: `/api/v1/reports/${target.report}/download` }),
    // Another project's report reads as one that does not exist.
    expected: { admin: both(200), 'security-officer': scoped(200), auditor: scoped(200), ci: forbidden },
  },
  'GET /api/v1/reports/:id/signature': {
    call: async (target) => ({ method: 'get', url: `/api/v1/reports/${target.report}/signature` }),
    expected: { admin: both(200), 'security-officer': scoped(200), auditor: scoped(200), ci: forbidden },
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
  requester = await t.createKey('security-officer', {
    name: 'matrix-requester',
    projects: [inside, outside],
  });
  const insideScan = await t.as(keys.ci.token).post('/api/v1/scans').send(scanUpload(inside)).expect(201);
  const outsideScan = await t.api().post('/api/v1/scans').send(scanUpload(outside)).expect(201);
  const target = async (project: string, scan: string): Promise<Target> => {
    const [finding, waiverFinding] = await findingIds(t, project);
    const { body: report } = await t
      .api()
      .post('/api/v1/reports')
      .send({ project, framework: 'gdpr', format: 'json' })
      .expect(201);
    return { project, scan, finding, waiverFinding, report: report.id };
  };
  fixture = {
    inside: await target(inside, insideScan.body.id),
    outside: await target(outside, outsideScan.body.id),
  };
  outsideSecrets = [outside, outsideScan.body.id, fixture.outside.report, ...(await findingIds(t, outside))];
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
  it('compares every table a refused request could touch, the governance ones included', async () => {
    expect(Object.keys(await everything())).toEqual(
      expect.arrayContaining([
        'api_keys',
        'audit_chain_head',
        'audit_log',
        'finding_events',
        'findings',
        'reports',
        'waivers',
      ]),
    );
  });

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
