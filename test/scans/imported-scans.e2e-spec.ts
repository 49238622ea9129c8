import * as fs from 'node:fs';
import * as path from 'node:path';
import { uniqueProject } from '../support/projects';
import { createTestApp, type TestApp } from '../support/test-app';

const ESTATE = path.join(__dirname, '..', 'fixtures', 'importers', 'joined-estate');
const files = fs
  .readdirSync(ESTATE)
  .sort()
  .map((name) => ({ path: `estate/${name}`, content: fs.readFileSync(path.join(ESTATE, name), 'utf8') }));

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('POST /api/v1/scans with imported sources', () => {
  it('scans a plan, a Fides file, lineage events and an overlay as one estate and stores findings at the lines of the plan', async () => {
    const project = uniqueProject('estate');
    const response = await t.api().post('/api/v1/scans').send({ project, manifests: files }).expect(201);
    expect(response.body.verdict).toBe('fail');
    const [row] = await t.dataSource.query(
      `SELECT f.file, f.line FROM findings f JOIN projects p ON p.id = f.project_id
       WHERE p.name = $1 AND f.rule_id = 'ENC-007' AND f.resource_id = 'reporting-db'`,
      [project],
    );
    const planLine =
      fs
        .readFileSync(path.join(ESTATE, 'infra.tfplan.json'), 'utf8')
        .split('\n')
        .findIndex((line) => line.includes('"storage_encrypted": false')) + 1;
    expect(row).toEqual({ file: 'estate/infra.tfplan.json', line: planLine });
  });

  it('answers 422 with the position of a malformed plan, and stores nothing', async () => {
    const project = uniqueProject('estate-broken');
    const response = await t
      .api()
      .post('/api/v1/scans')
      .send({
        project,
        manifests: [{ path: 'plan.json', content: '{"format_version": "7.0", "resource_changes": []}' }],
      })
      .expect(422);
    expect(JSON.stringify(response.body)).toContain('plan.json:1:2');
    const rows = await t.dataSource.query('SELECT 1 FROM projects WHERE name = $1', [project]);
    expect(rows).toHaveLength(0);
  });

  it('answers 422 for a suppression in the overlay that is not a list (not a 500), and stores nothing', async () => {
    const project = uniqueProject('estate-suppress');
    const manifests = files.map((file) =>
      file.path.endsWith('.overlay.yaml')
        ? { ...file, content: `${file.content}    x-vigil-suppress: all\n` }
        : file,
    );
    const response = await t.api().post('/api/v1/scans').send({ project, manifests }).expect(422);
    expect(JSON.stringify(response.body)).toContain('systems[0].x-vigil-suppress: must be a list');
    const rows = await t.dataSource.query('SELECT 1 FROM projects WHERE name = $1', [project]);
    expect(rows).toHaveLength(0);
  });
});
