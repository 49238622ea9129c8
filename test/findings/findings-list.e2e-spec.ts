import type { FindingView } from '../../src/findings/finding-view';
import { uniqueProject } from '../support/projects';
import { createTestApp, type TestApp } from '../support/test-app';
import { scanExample } from './findings-seed';

/**
 * Two databases: `t` holds four scanned examples that no test changes (the reading tests share
 * them), `w` is for the tests that write, each in a project of its own.
 */
let t: TestApp;
let w: TestApp;
/** Every finding in the default order (-severity), the oracle the filters are checked against. */
let all: FindingView[];

beforeAll(async () => {
  w = await createTestApp();
}, 30_000);
beforeAll(async () => {
  t = await createTestApp();
  await scanExample(t, 'support', 'support-assistant');
  await scanExample(t, 'payroll', 'payroll-sync');
  await scanExample(t, 'cdp', 'customer-data-platform');
  await scanExample(t, 'invoices', 'invoice-archive-compliant');
  // A few triage states and assignees, written directly: this file checks reading, not changing.
  await t.dataSource.query(
    `UPDATE findings SET status = 'triaged', assignee = 'alice'
     WHERE rule_id LIKE 'ENC-%' AND project_id = (SELECT id FROM projects WHERE name = 'payroll')`,
  );
  await t.dataSource.query(
    `UPDATE findings SET status = 'in_progress', assignee = 'bob' WHERE rule_id = 'AC-002'`,
  );
  all = (await list('limit=500')).items;
}, 30_000);
afterAll(async () => Promise.all([t.close(), w.close()]));

async function list(
  query: string,
  app: TestApp = t,
): Promise<{ items: FindingView[]; nextCursor: string | null }> {
  const response = await app.api().get(`/api/v1/findings?${query}`).expect(200);
  return response.body;
}

const ids = (findings: FindingView[]) => findings.map((finding) => finding.id);

/** The order the database gives for a sort, computed without keysets or cursors. */
async function oracle(orderBy: string, where = 'true', app: TestApp = t): Promise<string[]> {
  const rows = await app.dataSource.query(
    `SELECT f.id FROM findings f JOIN projects p ON p.id = f.project_id WHERE ${where} ORDER BY ${orderBy}`,
  );
  return rows.map((row: { id: string }) => row.id);
}

/** Follows nextCursor to the end; fails on a page longer than the limit or an endless chain. */
async function allPages(query: string, limit: number, app: TestApp = t): Promise<FindingView[]> {
  const collected: FindingView[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const body = await list(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, app);
    expect(body.items.length).toBeLessThanOrEqual(limit);
    collected.push(...body.items);
    cursor = body.nextCursor;
    if (cursor === null) return collected;
    expect(body.items).toHaveLength(limit);
  }
  throw new Error('more than 100 pages');
}

describe('GET /api/v1/findings', () => {
  it('lists every finding of every project, critical first, with the list fields', async () => {
    expect(all).toHaveLength(36);
    const ranks = all.map((finding) => ['low', 'medium', 'high', 'critical'].indexOf(finding.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(all[0].severity).toBe('critical');
    expect(all[0]).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        project: expect.any(String),
        fingerprint: expect.any(String),
        ruleId: expect.any(String),
        resource: { type: expect.any(String), id: expect.any(String) },
        line: expect.any(Number),
        firstSeenAt: expect.any(String),
        lastSeenAt: expect.any(String),
      }),
    );
    expect(all[0]).not.toHaveProperty('evidence');
    expect(new Set(all.map((finding) => finding.project))).toEqual(new Set(['support', 'payroll', 'cdp']));
  });

  const filters: [string, (finding: FindingView) => boolean][] = [
    ['project=support', (f) => f.project === 'support'],
    ['status=triaged', (f) => f.status === 'triaged'],
    ['status=triaged,in_progress', (f) => ['triaged', 'in_progress'].includes(f.status)],
    ['status=open&status=in_progress', (f) => ['open', 'in_progress'].includes(f.status)],
    ['severity=critical', (f) => f.severity === 'critical'],
    ['severity=critical,medium', (f) => ['critical', 'medium'].includes(f.severity)],
    ['module=gdpr', (f) => f.module === 'gdpr'],
    ['module=gdpr,access-control', (f) => ['gdpr', 'access-control'].includes(f.module)],
    ['rule=ENC-001', (f) => f.ruleId === 'ENC-001'],
    ['rule=ENC-001,AC-002', (f) => ['ENC-001', 'AC-002'].includes(f.ruleId)],
    ['resource=summary-archive', (f) => f.resource.id === 'summary-archive'],
    ['assignee=alice', (f) => f.assignee === 'alice'],
    ['q=ARCHIVE', (f) => /archive/i.test(`${f.message} ${f.ruleId} ${f.resource.id}`)],
    ['q=enc-00', (f) => /enc-00/i.test(`${f.message} ${f.ruleId} ${f.resource.id}`)],
    // LIKE's wildcards are plain characters in q (as wildcards, these would match everything).
    ['q=_id', (f) => `${f.message} ${f.ruleId} ${f.resource.id}`.includes('_id')],
    ['q=%25%25%25', (f) => `${f.message} ${f.ruleId} ${f.resource.id}`.includes('%%%')],
    [
      'project=payroll&severity=critical,high&status=open',
      (f) => f.project === 'payroll' && ['critical', 'high'].includes(f.severity) && f.status === 'open',
    ],
    [
      'module=access-control&q=grant&status=open,in_progress',
      (f) =>
        f.module === 'access-control' &&
        /grant/i.test(`${f.message} ${f.ruleId} ${f.resource.id}`) &&
        ['open', 'in_progress'].includes(f.status),
    ],
    [
      'project=cdp&rule=AC-001,AC-002&resource=reverse-etl-all&assignee=bob',
      (f) =>
        f.project === 'cdp' &&
        ['AC-001', 'AC-002'].includes(f.ruleId) &&
        f.resource.id === 'reverse-etl-all' &&
        f.assignee === 'bob',
    ],
  ];

  it.each(filters)('filters %s', async (query, keep) => {
    const expected = all.filter(keep);
    const { items, nextCursor } = await list(`${query}&limit=500`);
    expect(ids(items)).toEqual(ids(expected));
    expect(nextCursor).toBeNull();
    // Each case must select something and leave something out, or it checks nothing.
    if (query !== 'q=%25%25%25') expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThan(all.length);
  });

  it('answers an empty page for a project it does not know', async () => {
    expect(await list('project=nobody')).toEqual({ items: [], nextCursor: null });
  });

  const sorts: [string, string][] = [
    ['-severity', 'f.severity_rank DESC, f.id DESC'],
    ['severity', 'f.severity_rank ASC, f.id ASC'],
    ['-lastSeenAt', 'f.last_seen_at DESC, f.id DESC'],
    ['lastSeenAt', 'f.last_seen_at ASC, f.id ASC'],
    ['-firstSeenAt', 'f.first_seen_at DESC, f.id DESC'],
    ['firstSeenAt', 'f.first_seen_at ASC, f.id ASC'],
  ];

  it.each(sorts)('sorts by %s', async (sort, orderBy) => {
    expect(ids((await list(`sort=${sort}&limit=500`)).items)).toEqual(await oracle(orderBy));
  });

  it('sorts by -severity when no sort is given', async () => {
    expect(ids(all)).toEqual(await oracle('f.severity_rank DESC, f.id DESC'));
  });

  describe('pagination', () => {
    const queries = ['', 'project=cdp', 'status=open&severity=high,medium', 'module=encryption-at-rest,gdpr'];
    const cases = sorts.flatMap(([sort]) => queries.map((query) => [sort, query] as const));

    it.each(cases)(
      'pages by %s through "%s": no duplicates, no gaps, as one big page',
      async (sort, query) => {
        const whole = (await list(`${query}&sort=${sort}&limit=500`)).items;
        expect(whole.length).toBeGreaterThan(7);
        for (const limit of [1, 7]) {
          const paged = await allPages(`${query}&sort=${sort}`, limit);
          expect(new Set(ids(paged)).size).toBe(paged.length);
          expect(ids(paged)).toEqual(ids(whole));
        }
      },
    );

    it('pages through times that differ by a microsecond, and through ties', async () => {
      const project = uniqueProject('micro');
      await scanExample(w, project, 'support-assistant');
      // Ten findings, 0..4 microseconds apart, two by two equal: a millisecond cursor would skip or repeat.
      await w.dataSource.query(
        `UPDATE findings f SET last_seen_at = '2026-03-01T12:00:00.000000Z'::timestamptz + (n.i / 2) * interval '1 microsecond'
         FROM (SELECT f2.id, row_number() OVER (ORDER BY f2.id) - 1 AS i
               FROM findings f2 JOIN projects p ON p.id = f2.project_id WHERE p.name = $1) n
         WHERE f.id = n.id`,
        [project],
      );
      const where = `p.name = '${project}'`;
      for (const [sort, orderBy] of [
        ['-lastSeenAt', 'f.last_seen_at DESC, f.id DESC'],
        ['lastSeenAt', 'f.last_seen_at ASC, f.id ASC'],
      ]) {
        const expected = await oracle(orderBy, where, w);
        expect(expected).toHaveLength(10);
        for (const limit of [1, 3]) {
          expect(ids(await allPages(`project=${project}&sort=${sort}`, limit, w))).toEqual(expected);
        }
      }
    });
  });

  describe('bad queries', () => {
    const bad: [string, RegExp][] = [
      ['status=bogus', /status: unknown value\(s\) 'bogus'; use a comma-separated list of open, triaged/],
      ['status=open,', /status: unknown value\(s\) ''/],
      [
        'severity=urgent',
        /severity: unknown value\(s\) 'urgent'; use a comma-separated list of critical, high/,
      ],
      ['module=gdpr,,access-control', /module: a comma-separated list of module names without empty items/],
      ['sort=name', /sort must be one of -severity, severity, -lastSeenAt/],
      ['sort=-severity&sort=severity', /sort must be one of/],
      ['limit=501', /limit must be a whole number from 1 to 500/],
      ['limit=0', /limit must be a whole number from 1 to 500/],
      ['limit=ten', /limit must be a whole number from 1 to 500/],
      ['cursor=garbage', /cursor is not valid/],
      ['colour=red', /property colour should not exist/],
    ];

    it.each(bad)('answers 400 to %s, saying why', async (query, message) => {
      const response = await t.api().get(`/api/v1/findings?${query}`).expect(400);
      expect([response.body.message].flat().join('\n')).toMatch(message);
    });

    it('refuses a cursor made for another sort, or tampered with', async () => {
      const { nextCursor } = await list('limit=2');
      expect(nextCursor).not.toBeNull();
      const other = await t.api().get(`/api/v1/findings?sort=-lastSeenAt&cursor=${nextCursor}`).expect(400);
      expect(other.body.message).toMatch(/cursor was made for sort -severity, not -lastSeenAt/);
      const [sort, , id] = JSON.parse(Buffer.from(nextCursor!, 'base64url').toString('utf8'));
      for (const tampered of [
        [sort, 9, id],
        [sort, 3, 'not-a-uuid'],
        [sort, '3', id],
        ['-lastSeenAt', '2026-01-01T00:00:00Z', id],
        ['-lastSeenAt', '2026-13-45T00:00:00.000000Z', id],
      ]) {
        const cursor = Buffer.from(JSON.stringify(tampered)).toString('base64url');
        const sortParam = tampered[0] === sort ? '' : `&sort=${tampered[0]}`;
        const response = await t.api().get(`/api/v1/findings?cursor=${cursor}${sortParam}`).expect(400);
        expect(response.body.message).toMatch(/cursor is not valid/);
      }
    });
  });

  describe('page size', () => {
    it('defaults to pages of 50', async () => {
      const source = uniqueProject('page-source');
      const project = uniqueProject('page-size');
      await scanExample(w, source, 'support-assistant');
      await w.dataSource.query('INSERT INTO projects (name) VALUES ($1)', [project]);
      // Enough findings for two default pages: copies of the support findings under new fingerprints.
      await w.dataSource.query(
        `INSERT INTO findings (project_id, fingerprint, rule_id, module, title, severity, severity_rank, status,
           resource_type, resource_id, manifest, file, line, "column", pointer, message, evidence, "references",
           remediation, first_seen_scan_id, last_seen_scan_id)
         SELECT (SELECT id FROM projects WHERE name = $1), f.fingerprint || '-' || g, f.rule_id, f.module,
           f.title, f.severity, f.severity_rank, f.status, f.resource_type, f.resource_id, f.manifest, f.file, f.line,
           f."column", f.pointer, f.message, f.evidence, f."references", f.remediation, f.first_seen_scan_id,
           f.last_seen_scan_id
         FROM findings f JOIN projects p ON p.id = f.project_id, generate_series(1, 6) g WHERE p.name = $2`,
        [project, source],
      );
      const first = await list(`project=${project}`, w);
      expect(first.items).toHaveLength(50);
      expect(first.nextCursor).not.toBeNull();
      const second = await list(`project=${project}&cursor=${first.nextCursor}`, w);
      expect(second.items).toHaveLength(10);
      expect(second.nextCursor).toBeNull();
    });
  });
});

describe('GET /api/v1/findings items', () => {
  it('carry the same fields, to the character, as GET /findings/:id', async () => {
    const project = uniqueProject('items');
    await scanExample(w, project, 'support-assistant');
    const [first, second] = (await list(`project=${project}&limit=500`, w)).items;
    // Values the examples leave empty: an acceptance to the microsecond, a suppression, text to escape.
    await w.dataSource.query(
      `UPDATE findings SET risk_accepted_until = '2027-01-02T03:04:05.678901Z', assignee = 'Zoë "the" \\ reviewer',
         inline_suppression = '{"reason": "line\\nbreak", "expires": null}'
       WHERE id = $1`,
      [second.id],
    );
    const items = (await list(`project=${project}&limit=500`, w)).items;
    expect(items).toHaveLength(10);
    for (const item of items) {
      const detail = (await w.api().get(`/api/v1/findings/${item.id}`).expect(200)).body;
      // The detail is the item and more; the values of its own fields are pinned in findings-triage.e2e-spec.ts.
      expect(
        Object.keys(detail)
          .filter((key) => !(key in item))
          .sort(),
      ).toEqual(['evidence', 'fix', 'history', 'references', 'remediation', 'waiver', 'witnessPath']);
      expect(item).toEqual(Object.fromEntries(Object.keys(item).map((key) => [key, detail[key]])));
    }
    expect(items.find((item) => item.id === first.id)).toMatchObject({
      riskAcceptedUntil: null,
      assignee: null,
    });
    expect(items.find((item) => item.id === second.id)).toMatchObject({
      riskAcceptedUntil: '2027-01-02T03:04:05.678Z',
      assignee: 'Zoë "the" \\ reviewer',
      inlineSuppression: { reason: 'line\nbreak', expires: null },
    });
  });
});

describe('GET /findings/counts', () => {
  /** The oracle: the same filter applied to every finding the list gives. */
  const tally = (findings: FindingView[], field: 'severity' | 'status') =>
    findings.reduce<Record<string, number>>((counts, finding) => {
      counts[finding[field]] = (counts[finding[field]] ?? 0) + 1;
      return counts;
    }, {});
  const nonZero = (counts: Record<string, number>) =>
    Object.fromEntries(Object.entries(counts).filter(([, count]) => count > 0));

  it('counts every finding by severity and by status, naming every severity and status', async () => {
    const { body } = await t.api().get('/api/v1/findings/counts').expect(200);
    expect(body.total).toBe(all.length);
    expect(Object.keys(body.bySeverity)).toEqual(['critical', 'high', 'medium', 'low']);
    expect(Object.keys(body.byStatus)).toContain('risk_accepted');
    expect(nonZero(body.bySeverity)).toEqual(tally(all, 'severity'));
    expect(nonZero(body.byStatus)).toEqual(tally(all, 'status'));
  });

  it('applies the list’s filters', async () => {
    const query = 'project=payroll&status=triaged,open&q=enc';
    const matching = await allPages(query, 500);
    const { body } = await t.api().get(`/api/v1/findings/counts?${query}`).expect(200);
    expect(matching.length).toBeGreaterThan(0);
    expect(body.total).toBe(matching.length);
    expect(nonZero(body.byStatus)).toEqual(tally(matching, 'status'));
  });

  it('counts nothing for an unknown project, and refuses what the list refuses', async () => {
    const { body } = await t.api().get('/api/v1/findings/counts?project=no-such-project').expect(200);
    expect(body.total).toBe(0);
    await t.api().get('/api/v1/findings/counts?severity=urgent').expect(400);
    await t.api().get('/api/v1/findings/counts?limit=5').expect(400);
  });
});
