import { findingPageQuery } from '../../src/findings/finding-page.query';
import { scanExample } from '../findings/findings-seed';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await scanExample(t, 'search', 'support-assistant');
});
afterAll(async () => t.close());

/** The plan PostgreSQL would run for GET /findings?q=..., with reading the whole table ruled out. */
async function planOf(text: string): Promise<string> {
  const query = findingPageQuery({ text }, 'severity', undefined, 50);
  return t.dataSource.transaction(async (manager) => {
    // A handful of rows is cheapest read in full, or in the sort's order; the question here is
    // whether an index can serve q.
    await manager.query('SET LOCAL enable_seqscan = off');
    await manager.query('SET LOCAL enable_indexscan = off');
    const rows: { 'QUERY PLAN': string }[] = await manager.query(`EXPLAIN ${query.sql}`, query.params);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  });
}

interface Item {
  ruleId: string;
  resource: { id: string };
  message: string;
}

describe('GET /findings?q=', () => {
  it('is served by the trigram index on message, rule id and resource id', async () => {
    const plan = await planOf('Archive');
    expect(plan).toMatch(/Bitmap Index Scan on findings_text_search/);
    expect(plan).not.toMatch(/Seq Scan on findings/);
  });

  it('finds text in any of the three, whatever its case, and treats % and _ as text', async () => {
    const byQ = async (q: string): Promise<Item[]> =>
      (
        await t
          .api()
          .get(`/api/v1/findings?limit=500&q=${encodeURIComponent(q)}`)
          .expect(200)
      ).body.items;
    const [sample] = (await t.api().get('/api/v1/findings?limit=1').expect(200)).body.items as Item[];
    const ruleIds = (await byQ(sample.ruleId.toLowerCase())).map((item) => item.ruleId);
    expect(ruleIds).toContain(sample.ruleId);
    const resourceIds = (await byQ(sample.resource.id.toUpperCase())).map((item) => item.resource.id);
    expect(resourceIds).toContain(sample.resource.id);
    const word = sample.message.split(' ').find((w) => w.length > 4)!;
    expect((await byQ(word.toUpperCase())).map((item) => item.message)).toContain(sample.message);
    expect(await byQ('%%%')).toEqual([]);
    expect(await byQ('___')).toEqual([]);
  });
});
