import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const example = (name: string) => fs.readFileSync(path.join(EXAMPLES, name), 'utf8');

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

/** Each test's own project. */
let projects = 0;
const project = () => `hostile-${++projects}-${randomUUID().slice(0, 8)}`;

async function stored(
  name: string,
): Promise<{ scans: number; findings: number; open: number; events: number }> {
  const [row] = await t.dataSource.query(
    `SELECT (SELECT count(*)::int FROM scans s JOIN projects p ON p.id = s.project_id WHERE p.name = $1) AS scans,
            (SELECT count(*)::int FROM findings f JOIN projects p ON p.id = f.project_id WHERE p.name = $1) AS findings,
            (SELECT count(*)::int FROM findings f JOIN projects p ON p.id = f.project_id WHERE p.name = $1 AND f.status = 'open') AS open,
            (SELECT count(*)::int FROM finding_events e JOIN findings f ON f.id = e.finding_id JOIN projects p ON p.id = f.project_id WHERE p.name = $1) AS events`,
    [name],
  );
  return row;
}

/** The service answers /health while `hostile` is on its way. */
async function healthyDuring(hostile: Promise<request.Response>): Promise<request.Response> {
  const health = request(t.app.getHttpServer()).get('/health').expect(200);
  const [response] = await Promise.all([hostile, health]);
  return response;
}

describe('limits are checked before any per-item work', () => {
  it('refuses a bulk change of 100,000 ids with 400 from the count alone', async () => {
    const ids = Array.from({ length: 100_000 }, () => randomUUID());
    const response = await healthyDuring(
      t
        .api()
        .post('/api/v1/findings/bulk')
        .send({ ids, status: 'triaged' })
        .then((r) => r),
    );
    expect(response.status).toBe(400);
    expect(response.body.message).toBe('ids may list at most 500 findings; this one has 100000');
  });

  it('refuses an upload of 300,000 files with 413 from the count alone, storing nothing', async () => {
    const name = project();
    const manifests = Array.from({ length: 300_000 }, (_, i) => ({ path: `m${i}.yaml`, content: 'a: 1' }));
    const response = await healthyDuring(
      t
        .api()
        .post('/api/v1/scans')
        .send({ project: name, manifests })
        .then((r) => r),
    );
    expect(response.status).toBe(413);
    expect(response.body.message).toBe(
      'a scan takes at most 5000 files (VIGIL_MAX_MANIFESTS_PER_SCAN); this one has 300000',
    );
    expect(await stored(name)).toEqual({ scans: 0, findings: 0, open: 0, events: 0 });
  });

  it('takes an upper-case copy of an id as the same finding: a repeat, not an unknown id', async () => {
    const id = randomUUID();
    const response = await t
      .api()
      .post('/api/v1/findings/bulk')
      .send({ ids: [id, id.toUpperCase()], status: 'triaged' })
      .expect(400);
    expect(response.body.message).toEqual(['ids must not repeat a finding']);
  });
});

describe('uploads a careless CI job might send', () => {
  /** A project with the support assistant's 10 findings open. */
  async function seeded(): Promise<string> {
    const name = project();
    await t
      .api()
      .post('/api/v1/scans')
      .send({
        project: name,
        manifests: [{ path: 'support.yaml', content: example('support-assistant.yaml') }],
      })
      .expect(201);
    expect(await stored(name)).toMatchObject({ scans: 1, findings: 10, open: 10 });
    return name;
  }

  it.each([
    ['only a README', [{ path: 'README.txt', content: 'see docs' }]],
    ['only YAML that is not a manifest', [{ path: 'values.yaml', content: 'foo: bar\n' }]],
  ])('refuses an upload with %s (422) and fixes nothing', async (_what, manifests) => {
    const name = await seeded();
    const before = await stored(name);
    const response = await t.api().post('/api/v1/scans').send({ project: name, manifests }).expect(422);
    expect(response.body.problems).toEqual([
      expect.objectContaining({
        file: manifests[0].path,
        line: 0,
        column: 0,
        message: expect.stringMatching(
          /^not a Vigil manifest.*: the upload holds no Vigil manifest, so nothing was scanned or stored$/,
        ),
      }),
    ]);
    expect(await stored(name)).toEqual(before);
  });

  it('refuses two files under one path with 422 naming the path, storing nothing', async () => {
    const name = project();
    const content = example('support-assistant.yaml');
    const response = await t
      .api()
      .post('/api/v1/scans')
      .send({
        project: name,
        manifests: [
          { path: 'infra/a.yaml', content },
          { path: 'infra/b.yaml', content },
          { path: 'infra/a.yaml', content },
        ],
      })
      .expect(422);
    expect(response.body.problems).toEqual([
      {
        file: 'infra/a.yaml',
        line: 0,
        column: 0,
        message: 'the upload holds two files under this path; send each file once',
        text: 'infra/a.yaml:0:0: the upload holds two files under this path; send each file once',
      },
    ]);
    expect(await stored(name)).toEqual({ scans: 0, findings: 0, open: 0, events: 0 });
  });

  it('says loudly when a complete scan fixes the open findings of files it was not given', async () => {
    const name = await seeded();
    const response = await t
      .api()
      .post('/api/v1/scans')
      .send({
        project: name,
        manifests: [{ path: 'invoices.yaml', content: example('invoice-archive-compliant.yaml') }],
      })
      .expect(201);
    expect(response.body.summary).toMatchObject({ fixed: 10, new: 0 });
    expect(response.body.warnings).toEqual([
      {
        code: 'fixed-without-their-files',
        count: 10,
        message:
          "this complete scan fixed 10 of the project's 10 open findings although none of their files was in the upload; " +
          'if the scan missed files, send them all again (or mark the scan complete: false)',
      },
    ]);
    // The warning stays with the scan.
    const again = await t.api().get(`/api/v1/scans/${response.body.id}`).expect(200);
    expect(again.body.warnings).toEqual(response.body.warnings);
  });

  it('does not warn when the scan had the files and they are fixed', async () => {
    const name = await seeded();
    const fixed = example('support-assistant.yaml').replace(
      '    encryption: { atRest: false }',
      '    encryption: { atRest: true, backupsEncrypted: true }',
    );
    const response = await t
      .api()
      .post('/api/v1/scans')
      .send({ project: name, manifests: [{ path: 'support.yaml', content: fixed }] })
      .expect(201);
    expect(response.body.summary.fixed).toBe(3);
    expect(response.body.warnings).toEqual([]);
  });
});

describe('findings per scan', () => {
  it('refuses a scan that reports more findings than VIGIL_MAX_FINDINGS_PER_SCAN with 413, storing nothing', async () => {
    const small = await createTestApp({ maxFindingsPerScan: 5 });
    try {
      const response = await small
        .api()
        .post('/api/v1/scans')
        .send({
          project: 'capped',
          manifests: [{ path: 's.yaml', content: example('support-assistant.yaml') }],
        })
        .expect(413);
      expect(response.body.message).toBe(
        'this scan reports 10 findings, more than the 5 a scan may store (VIGIL_MAX_FINDINGS_PER_SCAN); nothing was stored',
      );
      const [{ n }] = await small.dataSource.query('SELECT count(*)::int AS n FROM scans');
      expect(n).toBe(0);
    } finally {
      await small.close();
    }
  });
});

describe('SQL injection and oversized strings in every list parameter', () => {
  const INJECTIONS = [
    "' OR '1'='1",
    "x'; DROP TABLE findings; --",
    '1) OR (1=1',
    "%' UNION SELECT secret_hash::text FROM api_keys --",
    '\\',
  ];
  const OVERSIZED = 'x'.repeat(100_000);
  /** Every filter, sort and cursor parameter of every list. */
  const PARAMETERS = [
    ...[
      'project',
      'status',
      'severity',
      'module',
      'rule',
      'resource',
      'assignee',
      'q',
      'sort',
      'cursor',
      'limit',
    ].map((name) => ({ route: '/api/v1/findings', name })),
    ...['project', 'cursor', 'limit'].map((name) => ({ route: '/api/v1/scans', name })),
    ...['cursor', 'limit'].map((name) => ({ route: '/api/v1/api-keys', name })),
  ];

  let scoped: string;
  let outsideProject: string;
  beforeAll(async () => {
    outsideProject = project();
    await t
      .api()
      .post('/api/v1/scans')
      .send({
        project: outsideProject,
        manifests: [{ path: 's.yaml', content: example('support-assistant.yaml') }],
      })
      .expect(201);
    scoped = (await t.createKey('security-officer', { projects: [project()] })).token;
  });

  async function tables(): Promise<unknown> {
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM findings) AS findings, (SELECT count(*)::int FROM scans) AS scans,
              (SELECT count(*)::int FROM api_keys) AS keys, (SELECT count(*)::int FROM finding_events) AS events,
              (SELECT to_regclass('public.findings') IS NOT NULL) AS "findingsTable"`,
    );
    return row;
  }

  it.each(PARAMETERS)(
    '$route?$name=…: a 4xx or an empty answer, never a 500, nothing changed',
    async ({ route, name }) => {
      const before = await tables();
      for (const value of [...INJECTIONS, OVERSIZED]) {
        const query = `${name}=${encodeURIComponent(value)}`;
        const asAdmin = await t.api().get(`${route}?${query}`);
        // 200 (a value matching nothing) or a 4xx saying what is wrong with it; never a server error.
        expect({
          value: value.slice(0, 40),
          status: asAdmin.status === 200 || (asAdmin.status >= 400 && asAdmin.status < 500),
        }).toEqual({
          value: value.slice(0, 40),
          status: true,
        });
        // Read as a value, an injected filter matches nothing.
        if (asAdmin.status === 200) expect(asAdmin.body.items).toEqual([]);
        // A key limited to a project never sees another's rows, whatever the parameter says.
        if (route !== '/api/v1/api-keys') {
          const asScoped = await t.as(scoped).get(`${route}?${query}`);
          expect(asScoped.status).toBeLessThan(500);
          expect(asScoped.text).not.toContain(outsideProject);
        }
      }
      expect(await tables()).toEqual(before);
    },
  );
});

describe('hostile manifests through POST /scans', () => {
  /** A billion laughs: ten levels of ten aliases each. */
  const aliasBomb = () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) {
      const previous = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    return lines.join('\n');
  };
  const deeplyNested = () => `${'['.repeat(100_000)}${']'.repeat(100_000)}`;

  it.each([
    ['an alias bomb', aliasBomb, /alias bomb/],
    ['nesting 100,000 levels deep', deeplyNested, /maxDepth|nesting/],
  ])(
    'answers %s with a quick 422 while /health is served, storing nothing',
    async (_what, content, message) => {
      const name = project();
      const response = await healthyDuring(
        t
          .api()
          .post('/api/v1/scans')
          .send({ project: name, manifests: [{ path: 'hostile.yaml', content: content() }] })
          .then((r) => r),
      );
      expect(response.status).toBe(422);
      expect(response.body.problems[0]).toMatchObject({
        file: 'hostile.yaml',
        message: expect.stringMatching(message),
      });
      expect(await stored(name)).toEqual({ scans: 0, findings: 0, open: 0, events: 0 });
    },
  );
});
