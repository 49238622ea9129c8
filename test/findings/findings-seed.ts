import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestApp } from '../support/test-app';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

export type Example =
  'support-assistant' | 'payroll-sync' | 'customer-data-platform' | 'invoice-archive-compliant';

export function exampleText(example: Example): string {
  return fs.readFileSync(path.join(EXAMPLES, `${example}.yaml`), 'utf8');
}

/** Records a scan of an example through the API, as CI would; returns the scan's answer. */
export async function scanExample(
  t: TestApp,
  project: string,
  example: Example,
  content = exampleText(example),
): Promise<{ id: string; summary: { new: number } }> {
  const response = await t
    .api()
    .post('/api/v1/scans')
    .send({ project, ref: 'main', manifests: [{ path: `infra/${example}.yaml`, content }] })
    .expect(201);
  return response.body;
}

/** The id of the one finding of a rule on a resource in a project. */
export async function findingId(
  t: TestApp,
  project: string,
  ruleId: string,
  resourceId: string,
): Promise<string> {
  const rows = await t.dataSource.query(
    `SELECT f.id FROM findings f JOIN projects p ON p.id = f.project_id
     WHERE p.name = $1 AND f.rule_id = $2 AND f.resource_id = $3`,
    [project, ruleId, resourceId],
  );
  if (rows.length !== 1)
    throw new Error(`${rows.length} findings of ${ruleId} on ${resourceId} in ${project}`);
  return rows[0].id;
}

export async function findingIds(t: TestApp, project: string): Promise<string[]> {
  const rows = await t.dataSource.query(
    'SELECT f.id FROM findings f JOIN projects p ON p.id = f.project_id WHERE p.name = $1 ORDER BY f.id',
    [project],
  );
  return rows.map((row: { id: string }) => row.id);
}

/**
 * Everything a triage change could touch for some findings, as stored: the rows, their history
 * and their waivers. Two equal snapshots mean nothing changed.
 */
export async function storedState(t: TestApp, ids: string[]): Promise<unknown> {
  const [findings, events, waivers] = await Promise.all([
    t.dataSource.query('SELECT * FROM findings WHERE id = ANY($1::uuid[]) ORDER BY id', [ids]),
    t.dataSource.query('SELECT * FROM finding_events WHERE finding_id = ANY($1::uuid[]) ORDER BY id', [ids]),
    t.dataSource.query('SELECT * FROM waivers WHERE finding_id = ANY($1::uuid[]) ORDER BY id', [ids]),
  ]);
  return { findings, events, waivers };
}
