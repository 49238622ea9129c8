import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { uniqueProject } from '../support/projects';
import { createTestApp, type TestApp } from '../support/test-app';
import { findingId, scanExample } from './findings-seed';

let t: TestApp;
/** support-assistant scanned once, in a project of its own. */
let project: string;

beforeAll(async () => {
  t = await createTestApp();
  project = uniqueProject('graph');
  await scanExample(t, project, 'support-assistant');
});
afterAll(async () => t.close());

const graphOf = async (id: string) => (await t.api().get(`/api/v1/findings/${id}/graph`).expect(200)).body;

/** examples/support-assistant.yaml as systems and flows: what each flow carries, as the core computes it. */
const SUPPORT_ASSISTANT = {
  nodes: [
    {
      id: 'zendesk',
      kind: 'saas',
      provider: 'Zendesk',
      country: 'DE',
      region: 'eu-central-1',
      environment: 'production',
      operator: 'processor',
      encryptedAtRest: null,
      holds: ['user.contact.email', 'user.content', 'user.name'],
    },
    {
      id: 'openai',
      kind: 'ai-model',
      provider: 'OpenAI',
      country: 'US',
      region: null,
      environment: 'production',
      operator: 'processor',
      encryptedAtRest: null,
      holds: ['user.contact.email', 'user.content'],
    },
    {
      id: 'summary-archive',
      kind: 'object-store',
      provider: 'AWS S3',
      country: 'IE',
      region: 'eu-west-1',
      environment: 'production',
      operator: 'processor',
      encryptedAtRest: false,
      holds: ['user.contact.email', 'user.content'],
    },
  ],
  edges: [
    {
      id: 'tickets-to-llm',
      from: 'zendesk',
      to: 'openai',
      carries: ['user.contact.email', 'user.content'],
      delivers: ['user.contact.email', 'user.content'],
      transforms: [],
    },
    {
      // Names no categories: it carries all that openai holds.
      id: 'summaries-to-archive',
      from: 'openai',
      to: 'summary-archive',
      carries: ['user.contact.email', 'user.content'],
      delivers: ['user.contact.email', 'user.content'],
      transforms: [],
    },
  ],
};

describe('GET /api/v1/findings/:id/graph', () => {
  it('draws the manifest with the witness path of a multi-hop finding and the system it is on', async () => {
    const id = await findingId(t, project, 'ENC-007', 'summary-archive');
    expect(await graphOf(id)).toEqual({
      findingId: id,
      ruleId: 'ENC-007',
      manifest: 'support-assistant',
      file: 'infra/support-assistant.yaml',
      graph: SUPPORT_ASSISTANT,
      path: {
        nodes: ['zendesk', 'openai', 'summary-archive'],
        edges: ['tickets-to-llm', 'summaries-to-archive'],
      },
      offendingSystemId: 'summary-archive',
      offendingFlowId: null,
    });
  });

  it('gives a finding without a witness path an empty path, and a grant finding its grant’s system', async () => {
    const id = await findingId(t, project, 'AC-003', 'support-leads');
    expect(await graphOf(id)).toEqual({
      findingId: id,
      ruleId: 'AC-003',
      manifest: 'support-assistant',
      file: 'infra/support-assistant.yaml',
      graph: SUPPORT_ASSISTANT,
      path: { nodes: [], edges: [] },
      offendingSystemId: 'zendesk',
      offendingFlowId: null,
    });
  });

  it('names the flow of a flow finding, and no system', async () => {
    const payroll = uniqueProject('graph-payroll');
    await scanExample(t, payroll, 'payroll-sync');
    const body = await graphOf(await findingId(t, payroll, 'GDPR-SPECIAL-001', 'salaries-to-provider'));
    expect(body).toMatchObject({
      manifest: 'payroll-sync',
      offendingSystemId: null,
      offendingFlowId: 'salaries-to-provider',
    });
    expect(body.graph.edges.map((edge: { id: string }) => edge.id)).toContain('salaries-to-provider');
  });

  it('draws an imported estate from all the files its scan joined, not the finding’s file alone', async () => {
    const estateDir = path.join(__dirname, '..', 'fixtures', 'importers', 'joined-estate');
    const files = fs
      .readdirSync(estateDir)
      .sort()
      .map((name) => ({
        path: `estate/${name}`,
        content: fs.readFileSync(path.join(estateDir, name), 'utf8'),
      }));
    const imported = uniqueProject('graph-estate');
    await t.api().post('/api/v1/scans').send({ project: imported, manifests: files }).expect(201);
    const id = await findingId(t, imported, 'ENC-007', 'reporting-db');
    const body = await graphOf(id);
    const [{ witness }] = await t.dataSource.query(
      'SELECT witness_path AS witness FROM findings WHERE id = $1',
      [id],
    );
    expect(body).toMatchObject({
      ruleId: 'ENC-007',
      file: 'estate/infra.tfplan.json',
      offendingSystemId: 'reporting-db',
    });
    expect(body).not.toHaveProperty('error');
    expect(body.path).toEqual({
      nodes: [witness[0].from, ...witness.map((step: { to: string }) => step.to)],
      edges: witness.map((step: { flow: string }) => step.flow),
    });
    expect(body.path.edges.length).toBeGreaterThanOrEqual(2);
    const nodeIds = body.graph.nodes.map((node: { id: string }) => node.id);
    const edgeIds = body.graph.edges.map((edge: { id: string }) => edge.id);
    expect(nodeIds).toEqual(expect.arrayContaining(body.path.nodes));
    expect(edgeIds).toEqual(expect.arrayContaining(body.path.edges));
    // The overlay's link joins the plan's database with the lineage's: one node, not two.
    expect(nodeIds.filter((node: string) => node === 'reporting-db')).toHaveLength(1);
    expect(nodeIds).not.toContain('aws_db_instance.reporting');
  });

  it('says why there is no graph when the scan did not keep the file', async () => {
    const own = uniqueProject('graph-unkept');
    await scanExample(t, own, 'support-assistant');
    const id = await findingId(t, own, 'ENC-007', 'summary-archive');
    await t.dataSource.query(
      `DELETE FROM scan_files WHERE scan_id = (SELECT last_seen_scan_id FROM findings WHERE id = $1)`,
      [id],
    );
    expect(await graphOf(id)).toEqual({
      findingId: id,
      ruleId: 'ENC-007',
      manifest: 'support-assistant',
      file: 'infra/support-assistant.yaml',
      graph: null,
      path: { nodes: [], edges: [] },
      offendingSystemId: null,
      offendingFlowId: null,
      error: 'the scan that last saw this finding did not keep infra/support-assistant.yaml',
    });
  });

  it('answers 404 for an unknown finding and 400 for an id that is not a UUID', async () => {
    await t.api().get(`/api/v1/findings/${randomUUID()}/graph`).expect(404);
    await t.api().get('/api/v1/findings/not-a-uuid/graph').expect(400);
  });

  it('answers 404 to a key of another project, as for an unknown finding', async () => {
    const id = await findingId(t, project, 'ENC-007', 'summary-archive');
    const other = await t.createKey('auditor', { projects: [uniqueProject('graph-other')] });
    const outside = await t.as(other.token).get(`/api/v1/findings/${id}/graph`).expect(404);
    expect(JSON.stringify(outside.body)).not.toContain('summary-archive');
    const own = await t.createKey('auditor', { projects: [project] });
    await t.as(own.token).get(`/api/v1/findings/${id}/graph`).expect(200);
  });
});
