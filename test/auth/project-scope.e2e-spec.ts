import { exampleText, findingIds, storedState } from '../findings/findings-seed';
import { uniqueProject } from '../support/projects';
import { createTestApp, TEST_TOKEN, type TestApp } from '../support/test-app';

/**
 * A key limited to projects sees their rows only: in lists (the scope is in the SQL), in
 * counts, across cursors, and by id (404 outside, as for an id that does not exist).
 */
let t: TestApp;
let a: string;
let b: string;
let c: string;
beforeAll(async () => {
  t = await createTestApp();
  [a, b, c] = [uniqueProject('scope-a'), uniqueProject('scope-b'), uniqueProject('scope-c')];
  for (const [project, example] of [
    [a, 'support-assistant'],
    [b, 'payroll-sync'],
    [c, 'customer-data-platform'],
  ] as const) {
    await t
      .api()
      .post('/api/v1/scans')
      .send({ project, manifests: [{ path: `${example}.yaml`, content: exampleText(example) }] })
      .expect(201);
  }
});
afterAll(async () => t.close());

async function allPages(token: string, url: string): Promise<{ project: string; id: string }[]> {
  const items: { project: string; id: string }[] = [];
  let cursor: string | null = null;
  do {
    const separator = url.includes('?') ? '&' : '?';
    const page: { body: { items: { project: string; id: string }[]; nextCursor: string | null } } = await t
      .as(token)
      .get(`${url}${separator}limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      .expect(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

describe('GET /findings for a key limited to projects', () => {
  it('pages through exactly the findings of its projects, in every sort', async () => {
    const key = await t.createKey('auditor', { projects: [a, c] });
    const expected = [...(await findingIds(t, a)), ...(await findingIds(t, c))].sort();
    for (const sort of ['-severity', 'lastSeenAt', '-firstSeenAt']) {
      const items = await allPages(key.token, `/api/v1/findings?sort=${sort}`);
      expect(items.map((item) => item.id).sort()).toEqual(expected);
      expect(new Set(items.map((item) => item.project))).toEqual(new Set([a, c]));
    }
  });

  it('pages in the order an unlimited key sees those projects’ findings, filters and all', async () => {
    const key = await t.createKey('security-officer', { projects: [a, b, c] });
    // Past 32 projects the page is one filtered scan, not a merge of each project's page.
    const empty = [...Array(30)].map((_, n) => uniqueProject(`scope-empty-${n}`));
    await t.dataSource.query('INSERT INTO projects (name) SELECT unnest($1::text[])', [empty]);
    const wide = await t.createKey('security-officer', { projects: [a, b, c, ...empty] });
    const inScope = new Set([a, b, c]);
    for (const url of [
      '/api/v1/findings?sort=-severity',
      '/api/v1/findings?sort=severity&status=open',
      '/api/v1/findings?sort=lastSeenAt&severity=high,critical',
      '/api/v1/findings?sort=-firstSeenAt&q=personal',
    ]) {
      const everyone = (await allPages(TEST_TOKEN, url)).filter((item) => inScope.has(item.project));
      expect(everyone.length).toBeGreaterThan(0);
      expect(await allPages(key.token, url)).toEqual(everyone);
      expect(await allPages(wide.token, url)).toEqual(everyone);
    }
  });

  it('reads another project named in the filter as an empty one', async () => {
    const key = await t.createKey('security-officer', { projects: [a] });
    const page = await t.as(key.token).get(`/api/v1/findings?project=${b}`).expect(200);
    expect(page.body).toEqual({ items: [], nextCursor: null });
    const own = await t.as(key.token).get(`/api/v1/findings?project=${a}&limit=500`).expect(200);
    expect(own.body.items).toHaveLength((await findingIds(t, a)).length);
  });

  it('does not let a cursor made by a wider key reach beyond the projects', async () => {
    const wide = await t.api().get('/api/v1/findings?limit=1').expect(200);
    const key = await t.createKey('auditor', { projects: [b] });
    const rest = await t
      .as(key.token)
      .get(`/api/v1/findings?limit=500&cursor=${wide.body.nextCursor}`)
      .expect(200);
    expect(rest.body.items.length).toBeGreaterThan(0);
    expect(rest.body.items.every((item: { project: string }) => item.project === b)).toBe(true);
  });

  it('lists nothing for a key whose projects have no scans yet', async () => {
    const key = await t.createKey('auditor', { projects: [uniqueProject('not-yet')] });
    const page = await t.as(key.token).get('/api/v1/findings').expect(200);
    expect(page.body).toEqual({ items: [], nextCursor: null });
  });
});

describe('scans for a key limited to projects', () => {
  it('lists the scans of its projects only', async () => {
    const key = await t.createKey('auditor', { projects: [b] });
    const items = await allPages(key.token, '/api/v1/scans');
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.project === b)).toBe(true);
  });

  it('lets a ci key read its own scans, not its project’s others', async () => {
    const key = await t.createKey('ci', { projects: [a] });
    const own = await t
      .as(key.token)
      .post('/api/v1/scans')
      .send({
        project: a,
        manifests: [{ path: 'support-assistant.yaml', content: exampleText('support-assistant') }],
      })
      .expect(201);
    const items = await allPages(key.token, '/api/v1/scans');
    expect(items.map((item) => item.id)).toEqual([own.body.id]);
    await t.as(key.token).get(`/api/v1/scans/${own.body.id}`).expect(200);
    const [{ id: other }] = await t.dataSource.query(
      'SELECT s.id FROM scans s JOIN projects p ON p.id = s.project_id WHERE p.name = $1 AND s.submitted_by_key IS DISTINCT FROM $2 LIMIT 1',
      [a, key.id],
    );
    await t.as(key.token).get(`/api/v1/scans/${other}`).expect(404);
  });
});

describe('changes by a key limited to projects', () => {
  it('refuses a bulk change that touches another project with 404, changing nothing', async () => {
    const key = await t.createKey('security-officer', { projects: [a] });
    const ids = [(await findingIds(t, a))[0], (await findingIds(t, b))[0]];
    const before = await storedState(t, ids);
    const response = await t
      .as(key.token)
      .post('/api/v1/findings/bulk')
      .send({ ids, status: 'triaged' })
      .expect(404);
    expect(response.body.failures).toEqual([
      { id: ids[1], reason: 'not_found', message: `no finding ${ids[1]}` },
    ]);
    expect(await storedState(t, ids)).toEqual(before);
  });

  it('answers an id outside its projects exactly as an unknown id', async () => {
    const key = await t.createKey('security-officer', { projects: [a] });
    const outside = (await findingIds(t, b))[0];
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const [method, suffix, body] of [
      ['get', '', undefined],
      ['get', '/remediation', undefined],
      ['patch', '', { note: 'x' }],
    ] as const) {
      const one = await t.as(key.token)[method](`/api/v1/findings/${outside}${suffix}`).send(body);
      const other = await t.as(key.token)[method](`/api/v1/findings/${unknown}${suffix}`).send(body);
      expect(one.status).toBe(404);
      expect(other.status).toBe(404);
      expect(one.body.message.replace(outside, 'ID')).toBe(other.body.message.replace(unknown, 'ID'));
    }
  });

  it('writes the key name as the actor of the history entry', async () => {
    const key = await t.createKey('security-officer', { projects: [a], name: 'alice' });
    const id = (await findingIds(t, a))[1];
    const changed = await t
      .as(key.token)
      .patch(`/api/v1/findings/${id}`)
      .send({ status: 'triaged' })
      .expect(200);
    expect(changed.body.history.at(-1)).toMatchObject({ actor: 'alice', toStatus: 'triaged' });
  });
});
