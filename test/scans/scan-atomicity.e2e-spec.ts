import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { createTestApp, type TestApp } from '../support/test-app';

const manifest = fs.readFileSync(
  path.join(__dirname, '..', '..', 'examples', 'support-assistant.yaml'),
  'utf8',
);
const upload = { project: 'atomic', manifests: [{ path: 'support-assistant.yaml', content: manifest }] };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

async function counts(): Promise<number[]> {
  const tables = ['scans', 'scan_files', 'scan_findings', 'findings', 'finding_events'];
  return Promise.all(
    tables.map(
      async (table) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number,
    ),
  );
}

describe('a scan whose database connection dies mid-write', () => {
  it('leaves nothing half-written, and the next scan goes through', async () => {
    await t.api().post('/api/v1/scans').send(upload).expect(201);
    const before = await counts();

    // Hold a lock on one finding so the next ingestion stops inside its transaction, after it
    // has written the scan and its files, where it locks the project's findings.
    const blocker = new Client({ connectionString: t.url });
    blocker.on('error', () => undefined);
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query("SELECT id FROM findings WHERE rule_id = 'ENC-001' FOR UPDATE");

    const pending = t
      .api()
      .post('/api/v1/scans')
      .send(upload)
      .then((response) => response);
    // Polled outside the blocker's transaction: pg_stat_activity is a snapshot within one.
    let pid: number | undefined;
    for (let attempt = 0; attempt < 400 && pid === undefined; attempt++) {
      const [row] = await t.dataSource.query(
        "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'SELECT id, fingerprint, status, file FROM findings%'",
      );
      pid = row?.pid;
      if (pid === undefined) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(pid).toBeDefined();
    await blocker.query('SELECT pg_terminate_backend($1)', [pid]);
    await blocker.query('ROLLBACK');
    await blocker.end();

    const response = await pending;
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(await counts()).toEqual(before);

    const next = await t.api().post('/api/v1/scans').send(upload).expect(201);
    expect(next.body.summary).toMatchObject({ new: 0, existing: 10 });
  }, 20_000);
});
