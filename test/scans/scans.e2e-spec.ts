import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const supportAssistant = fs.readFileSync(path.join(EXAMPLES, 'support-assistant.yaml'), 'utf8');
const upload = (content: string, extra: Record<string, unknown> = {}) => ({
  project: 'support',
  ref: 'main',
  manifests: [{ path: 'infra/support-assistant.yaml', content }],
  ...extra,
});
/** The archive encrypted: ENC-001, ENC-002 and ENC-007 go away. */
const fixedArchive = supportAssistant.replace(
  '    encryption: { atRest: false }',
  '    encryption: { atRest: true, backupsEncrypted: true }',
);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

async function count(table: string): Promise<number> {
  const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
  return n;
}

describe('POST /api/v1/scans', () => {
  it('records a first scan: every finding new, and the verdict against failOn', async () => {
    const response = await t.api().post('/api/v1/scans').send(upload(supportAssistant)).expect(201);
    expect(response.body).toMatchObject({ project: 'support', ref: 'main', verdict: 'fail', failOn: 'high' });
    expect(response.body.summary).toMatchObject({ existing: 0, fixed: 0, reopened: 0 });
    expect(response.body.summary.new).toBe(10);
    expect(response.body.summary.bySeverity).toEqual({ critical: 1, high: 6, medium: 3, low: 0 });
    expect(response.body.newFindings.map((f: { ruleId: string }) => f.ruleId)).toContain('ENC-007');
    expect(await count('findings')).toBe(10);
  });

  it('recognises the same findings in a rescan, whatever moved', async () => {
    const moved = supportAssistant.replace('# are archived.', '# are archived.\n#\n#');
    const response = await t.api().post('/api/v1/scans').send(upload(moved)).expect(201);
    expect(response.body.summary).toMatchObject({ new: 0, existing: 10, fixed: 0, reopened: 0 });
    expect(await count('findings')).toBe(10);
  });

  it('fixes what a complete scan no longer finds, and reopens it when it comes back', async () => {
    const fixed = await t.api().post('/api/v1/scans').send(upload(fixedArchive)).expect(201);
    expect(fixed.body.summary).toMatchObject({ new: 0, fixed: 3, reopened: 0 });
    expect(fixed.body.fixedFindings.map((f: { ruleId: string }) => f.ruleId).sort()).toEqual([
      'ENC-001',
      'ENC-002',
      'ENC-007',
    ]);
    const [{ status }] = await t.dataSource.query("SELECT status FROM findings WHERE rule_id = 'ENC-001'");
    expect(status).toBe('fixed');

    const regression = await t.api().post('/api/v1/scans').send(upload(supportAssistant)).expect(201);
    expect(regression.body.summary).toMatchObject({ new: 0, reopened: 3, fixed: 0 });
    const history = await t.dataSource.query(
      "SELECT e.type FROM finding_events e JOIN findings f ON f.id = e.finding_id WHERE f.rule_id = 'ENC-001' ORDER BY e.id",
    );
    expect(history.map((row: { type: string }) => row.type)).toEqual(['detected', 'fixed', 'reopened']);
  });

  it('does not fix anything on a partial scan', async () => {
    const partial = await t
      .api()
      .post('/api/v1/scans')
      .send(upload(fixedArchive, { complete: false }))
      .expect(201);
    expect(partial.body.summary.fixed).toBe(0);
  });

  it('answers 422 with the file:line:column list and stores nothing for a broken manifest', async () => {
    const before = await Promise.all(['scans', 'findings', 'finding_events', 'projects'].map(count));
    const broken = supportAssistant.replace('    to: openai', '    to: opena1');
    const response = await t
      .api()
      .post('/api/v1/scans')
      .send(upload(broken, { project: 'new-project' }))
      .expect(422);
    expect(response.body.problems[0]).toMatchObject({
      file: 'infra/support-assistant.yaml',
      line: 46,
      column: 5,
    });
    expect(response.body.problems[0].message).toMatch(
      /'opena1' is not a system of this manifest \(did you mean 'openai'\?\)/,
    );
    expect(await Promise.all(['scans', 'findings', 'finding_events', 'projects'].map(count))).toEqual(before);
  });

  it('rejects malformed bodies with 400 and stores nothing', async () => {
    const before = await count('scans');
    await t.api().post('/api/v1/scans').send({ manifests: [] }).expect(400);
    await t.api().post('/api/v1/scans').send({ project: 'x', manifests: 'nope' }).expect(400);
    await t
      .api()
      .post('/api/v1/scans')
      .send({ project: 'bad name!', manifests: [{ path: 'a.yaml', content: '' }] })
      .expect(400);
    await t
      .api()
      .post('/api/v1/scans')
      .send({ ...upload(supportAssistant), extra: 1 })
      .expect(400);
    await t
      .api()
      .post('/api/v1/scans')
      .set('Content-Type', 'application/json')
      .send('{"project": ')
      .expect(400);
    expect(await count('scans')).toBe(before);
  });

  it('refuses more files than VIGIL_MAX_MANIFESTS_PER_SCAN with 413', async () => {
    const small = await createTestApp({ maxManifestsPerScan: 1 });
    try {
      const two = {
        ...upload(supportAssistant),
        manifests: [upload(supportAssistant).manifests[0], { path: 'b.yaml', content: '' }],
      };
      const response = await small.api().post('/api/v1/scans').send(two).expect(413);
      expect(response.body.message).toMatch(/at most 1 files/);
    } finally {
      await small.close();
    }
  });

  it('returns the first scan when the same upload comes again (Idempotency-Key, or commit)', async () => {
    const first = await t
      .api()
      .post('/api/v1/scans')
      .set('Idempotency-Key', 'ci-run-42')
      .send(upload(supportAssistant))
      .expect(201);
    const again = await t
      .api()
      .post('/api/v1/scans')
      .set('Idempotency-Key', 'ci-run-42')
      .send(upload(supportAssistant))
      .expect(200);
    expect(again.body.id).toBe(first.body.id);
    const byCommit = await t
      .api()
      .post('/api/v1/scans')
      .send(upload(supportAssistant, { commit: 'abc123' }))
      .expect(201);
    const sameCommit = await t
      .api()
      .post('/api/v1/scans')
      .send(upload(supportAssistant, { commit: 'abc123' }))
      .expect(200);
    expect(sameCommit.body.id).toBe(byCommit.body.id);
  });

  it('never duplicates a finding when scans of one project run at once', async () => {
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t
          .api()
          .post('/api/v1/scans')
          .send(upload(supportAssistant, { project: 'parallel', ref: `branch-${i}` })),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(6).fill(201));
    const [{ total, distinct }] = await t.dataSource.query(
      "SELECT count(*)::int AS total, count(DISTINCT fingerprint)::int AS distinct FROM findings f JOIN projects p ON p.id = f.project_id WHERE p.name = 'parallel'",
    );
    expect(total).toBe(10);
    expect(distinct).toBe(10);
    expect(responses.filter((response) => response.body.summary.new === 10)).toHaveLength(1);
  });

  it('refuses requests without the admin token', async () => {
    await request(t.app.getHttpServer()).post('/api/v1/scans').send(upload(supportAssistant)).expect(401);
    await request(t.app.getHttpServer())
      .get('/api/v1/scans')
      .set('Authorization', 'Bearer wrong-token')
      .expect(401);
  });
});

describe('GET /api/v1/scans', () => {
  it('pages through scans newest first', async () => {
    const first = await t.api().get('/api/v1/scans?project=support&limit=2').expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await t
      .api()
      .get(`/api/v1/scans?project=support&limit=2&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(second.body.items[0].createdAt <= first.body.items[1].createdAt).toBe(true);
    expect(second.body.items.map((s: { id: string }) => s.id)).not.toContain(first.body.items[0].id);
    await t.api().get('/api/v1/scans?cursor=garbage').expect(400);
  });

  it('shows a scan and the findings it reported', async () => {
    const [latest] = (await t.api().get('/api/v1/scans?project=support&limit=1').expect(200)).body.items;
    const scan = await t.api().get(`/api/v1/scans/${latest.id}`).expect(200);
    expect(scan.body.id).toBe(latest.id);
    const findings = await t.api().get(`/api/v1/scans/${latest.id}/findings?limit=4`).expect(200);
    expect(findings.body.items).toHaveLength(4);
    expect(findings.body.items[0].severity).toBe('critical');
    const rest = await t
      .api()
      .get(`/api/v1/scans/${latest.id}/findings?cursor=${findings.body.nextCursor}`)
      .expect(200);
    expect(findings.body.items.length + rest.body.items.length).toBe(10);
    await t.api().get('/api/v1/scans/00000000-0000-0000-0000-000000000000').expect(404);
    await t.api().get('/api/v1/scans/not-a-uuid').expect(400);
  });
});

describe('GET /health', () => {
  it('answers without a token, with the database state', async () => {
    const response = await request(t.app.getHttpServer()).get('/health').expect(200);
    expect(response.body).toEqual({ status: 'ok', database: 'up' });
  });
});

describe('request ids', () => {
  it("keeps the caller's X-Request-Id and makes one up otherwise", async () => {
    const kept = await t.api().get('/api/v1/scans').set('X-Request-Id', 'ci-run-42').expect(200);
    expect(kept.headers['x-request-id']).toBe('ci-run-42');
    const made = await request(t.app.getHttpServer()).get('/api/v1/scans').expect(401);
    expect(made.headers['x-request-id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
