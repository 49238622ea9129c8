import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { exampleText, type Example } from '../findings/findings-seed';
import { startService, stopProcess, type RunningService } from '../support/service-process';

/**
 * The web console in a real browser (Debian's chromium, driven by playwright-core) against the
 * service as `npm start` runs it, on an embedded PostgreSQL in a temp folder, seeded through the
 * API. Each page is checked with axe-core and photographed into test-output/console/ (gitignored)
 * for a person to look at. `.ci/run` installs chromium when the machine lacks it.
 */
const CHROMIUM = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = path.join(__dirname, '..', '..', 'test-output', 'console');
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
// Starting PostgreSQL, the service and a browser on a busy 2-core machine: a hang detector.
jest.setTimeout(120_000);

interface Key {
  id: string;
  token: string;
  name: string;
}

let dataDir: string;
let service: RunningService;
let browser: Browser;
const keys: Record<'alice' | 'bob' | 'carol' | 'ci', Key> = {} as never;
/** Messages the browser printed as errors (a CSP refusal among them): none is expected. */
const browserErrors: string[] = [];

async function api<T = unknown>(
  method: string,
  url: string,
  body?: unknown,
  token = service.token,
): Promise<{ status: number; body: T }> {
  const response = await fetch(service.url + url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

async function scan(project: string, example: Example, file = `infra/${example}.yaml`): Promise<void> {
  const answer = await api('POST', '/api/v1/scans', {
    project,
    ref: 'main',
    manifests: [{ path: file, content: exampleText(example) }],
  });
  expect(answer.status).toBe(201);
}

async function createKey(name: string, role: string): Promise<Key> {
  const answer = await api<{ id: string; token: string }>('POST', '/api/v1/api-keys', { name, role });
  expect(answer.status).toBe(201);
  return { id: answer.body.id, token: answer.body.token, name };
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-console-'));
  service = await startService(dataDir, { withinMs: 90_000 });
  // Three scans of one project (new, then fixed, then reopened findings) and three more projects.
  await scan('shop', 'customer-data-platform', 'infra/estate.yaml');
  await scan('shop', 'support-assistant', 'infra/estate.yaml');
  await scan('shop', 'customer-data-platform', 'infra/estate.yaml');
  await scan('support', 'support-assistant');
  await scan('payroll', 'payroll-sync');
  await scan('invoices', 'invoice-archive-compliant');
  keys.alice = await createKey('alice', 'security-officer');
  keys.bob = await createKey('bob', 'security-officer');
  keys.carol = await createKey('carol', 'auditor');
  keys.ci = await createKey('pipeline', 'ci');
  // A waiver request of the tests' own, so that the auditor's view has one whatever the order.
  const shop = await api<{ items: { id: string }[] }>(
    'GET',
    '/api/v1/findings?project=shop&status=reopened&limit=1',
  );
  const requested = await api(
    'PATCH',
    `/api/v1/findings/${shop.body.items[0].id}`,
    { status: 'false_positive', justification: 'The column holds hashed ids only' },
    keys.alice.token,
  );
  expect(requested.status).toBe(202);
  // A request that lapses undecided: the archive's retention changes before anyone decides.
  await scan('archive', 'support-assistant');
  const archived = await api<{ items: { id: string }[] }>(
    'GET',
    '/api/v1/findings?project=archive&rule=ENC-007&resource=summary-archive',
  );
  const lapsing = await api(
    'PATCH',
    `/api/v1/findings/${archived.body.items[0].id}`,
    { status: 'false_positive', justification: 'Archive to be encrypted next sprint' },
    keys.alice.token,
  );
  expect(lapsing.status).toBe(202);
  const changed = await api('POST', '/api/v1/scans', {
    project: 'archive',
    manifests: [
      {
        path: 'infra/support-assistant.yaml',
        content: exampleText('support-assistant').replace('retentionDays: 3650', 'retentionDays: 7300'),
      },
    ],
  });
  expect(changed.status).toBe(201);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // Root in a container: chromium's sandbox needs user namespaces it may not have.
    args: ['--no-sandbox'],
  });
});

afterAll(async () => {
  await browser?.close();
  if (service) {
    service.child.kill('SIGTERM');
    const stopped = await Promise.race([
      service.exited.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 15_000)),
    ]);
    if (!stopped) stopProcess(service);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

afterEach(() => {
  expect(browserErrors.splice(0)).toEqual([]);
});

/** A fresh browser context (its own sessionStorage) signed in with a key. */
async function signedIn(key: Key): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of (401|403|404|409)/.test(message.text()))
      browserErrors.push(message.text());
  });
  page.on('pageerror', (error) => browserErrors.push(error.message));
  await page.goto(`${service.url}/`);
  await page.getByLabel('API key').fill(key.token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return { context, page };
}

/** axe-core on the page as it stands: no serious or critical violation. */
async function checkAccessibility(page: Page): Promise<void> {
  // Evaluated through the DevTools protocol: the page's CSP (no inline script) does not apply.
  await page.evaluate(AXE);
  const violations = (await page.evaluate(`axe.run().then((result) => result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => violation.id + ' (' + violation.impact + '): ' +
      violation.nodes.map((node) => node.target.join(' ')).join(', ')))`)) as string[];
  expect(violations).toEqual([]);
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function findingRows(page: Page): Promise<string[]> {
  await page.locator('tbody[aria-busy="false"]').waitFor();
  return page.locator('table.findings tbody tr').allInnerTexts();
}

describe('signing in', () => {
  it('refuses a wrong key with the API’s 401, and keeps a right one in sessionStorage, never in the URL', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${service.url}/findings`);
    await checkAccessibility(page);
    await shoot(page, '01-sign-in');
    await page.getByLabel('API key').fill('vgl_not-a-real-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toContain('401');
    await page.getByLabel('API key').fill(keys.alice.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Findings', level: 1 }).waitFor();
    expect(page.url()).not.toContain(keys.alice.token);
    expect(await page.evaluate('sessionStorage.getItem("vigil.apiKey")')).toBe(keys.alice.token);
    expect(await page.evaluate('localStorage.length')).toBe(0);
    await expect(page.locator('header').innerText()).resolves.toContain('security-officer');
    // A reload keeps the tab signed in; signing out forgets the key.
    await page.reload();
    await page.getByRole('heading', { name: 'Findings', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate('sessionStorage.getItem("vigil.apiKey")')).toBeNull();
    await context.close();
  });

  it('serves the page under the strict CSP, with no request to another origin', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const origins = new Set<string>();
    page.on('request', (request) => origins.add(new URL(request.url()).origin));
    const response = await page.goto(`${service.url}/`);
    expect(response!.headers()['content-security-policy']).toContain("style-src 'self';");
    await page.getByLabel('API key').waitFor();
    expect([...origins]).toEqual([new URL(service.url).origin]);
    await context.close();
  });
});

describe('the findings page', () => {
  it('filters through the URL, pages by cursor, shows counts, and is accessible', async () => {
    const { context, page } = await signedIn(keys.alice);
    const total = (await api<{ total: number }>('GET', '/api/v1/findings/counts')).body.total;
    expect(total).toBeGreaterThan(25);
    await page.goto(`${service.url}/findings?limit=25`);
    const first = await findingRows(page);
    expect(first).toHaveLength(25);
    await expect(page.locator('.counts .total').innerText()).resolves.toContain(String(total));
    await checkAccessibility(page);
    await shoot(page, '02-findings');
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Page 2').waitFor();
    const second = await findingRows(page);
    expect(second[0]).not.toEqual(first[0]);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByText('Page 1').waitFor();
    expect(await findingRows(page)).toEqual(first);

    // A filter by the form lands in the URL; the URL alone gives the same view (a shared link).
    await page.getByRole('checkbox', { name: 'critical', exact: true }).check();
    await page.getByLabel('Project').fill('shop');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/severity=critical/);
    expect(page.url()).toContain('project=shop');
    const critical = await findingRows(page);
    const expected = await api<{ items: unknown[] }>(
      'GET',
      '/api/v1/findings?project=shop&severity=critical',
    );
    expect(critical).toHaveLength(expected.body.items.length);
    for (const row of critical) expect(row).toMatch(/^\s*critical/);
    // Another tab has no key (sessionStorage is per tab): it signs in and keeps the view.
    const shared = await context.newPage();
    await shared.goto(page.url());
    await shared.getByLabel('API key').fill(keys.alice.token);
    await shared.getByRole('button', { name: 'Sign in' }).click();
    expect(await findingRows(shared)).toEqual(critical);
    expect(shared.url()).toBe(page.url());
    await context.close();
  });

  it('triages in bulk by keyboard alone', async () => {
    const { context, page } = await signedIn(keys.alice);
    await page.goto(`${service.url}/findings?project=payroll&status=open`);
    const before = await findingRows(page);
    expect(before.length).toBeGreaterThanOrEqual(2);
    const boxes = page.locator('table.findings tbody input[type=checkbox]');
    await boxes.nth(0).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab'); // the finding's link
    await page.keyboard.press('Tab'); // the next row's checkbox
    await page.keyboard.press('Space');
    await page.getByRole('heading', { name: 'Triage the selected (2)' }).waitFor();
    await page.getByLabel('New status').focus();
    await page.keyboard.press('ArrowDown'); // open
    await page.keyboard.press('ArrowDown'); // triaged
    await page.locator('input[name=bulk-assignee]').focus();
    await page.keyboard.type('dana');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').first().innerText()).resolves.toContain('2 findings changed');
    const triaged = await api<{ items: { assignee: string; status: string }[] }>(
      'GET',
      '/api/v1/findings?project=payroll&assignee=dana',
    );
    expect(triaged.body.items.map((item) => item.status)).toEqual(['triaged', 'triaged']);
    // The page reloads the list: both left the open filter.
    expect(await findingRows(page)).toHaveLength(before.length - 2);
    await shoot(page, '03-findings-after-bulk');
    await context.close();
  });
});

describe('waivers', () => {
  it('are requested by one officer, refused to the same officer, and approved by another', async () => {
    const list = await api<{ items: { id: string; ruleId: string }[] }>(
      'GET',
      '/api/v1/findings?project=support&status=open&limit=1',
    );
    const finding = list.body.items[0];
    const alice = await signedIn(keys.alice);
    await alice.page.goto(`${service.url}/findings/${finding.id}`);
    await alice.page.getByRole('heading', { name: 'History' }).waitFor();
    await alice.page
      .getByText('The fix as a JSON Patch')
      .or(alice.page.getByText('No automatic fix'))
      .first()
      .waitFor();
    await checkAccessibility(alice.page);
    await shoot(alice.page, '04-finding');
    await alice.page.getByLabel('Move to').selectOption('risk_accepted');
    await alice.page
      .getByLabel('Justification')
      .fill('Compensating control: the vendor’s DPA covers this transfer');
    const until = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    await alice.page.getByLabel('Accepted until').fill(until);
    await alice.page.getByRole('button', { name: 'Request waiver' }).click();
    await expect(alice.page.getByRole('status').first().innerText()).resolves.toContain('Waiver requested');

    // The requester sees the request with its buttons disabled, and the API refuses her anyway.
    await alice.page.getByRole('link', { name: 'Waivers' }).click();
    const request = alice.page.locator('li.waiver', { hasText: 'vendor’s DPA' });
    await request.waitFor();
    expect(await request.getByRole('button', { name: 'Approve' }).isDisabled()).toBe(true);
    await expect(request.innerText()).resolves.toContain('another person must decide it');
    const waivers = await api<{ items: { id: string; findingId: string }[] }>(
      'GET',
      '/api/v1/waivers?state=requested',
    );
    const waiver = waivers.body.items.find((item) => item.findingId === finding.id)!;
    // The page's own fetch with its own key, as a forged click would send it.
    const refused = (await alice.page.evaluate(`fetch('/api/v1/waivers/${waiver.id}/approve', {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + sessionStorage.getItem('vigil.apiKey'), 'Content-Type': 'application/json' },
      body: '{}',
    }).then((response) => response.status)`)) as number;
    expect(refused).toBe(403);
    await checkAccessibility(alice.page);
    await shoot(alice.page, '05-waivers-requester');
    await alice.context.close();

    const bob = await signedIn(keys.bob);
    await bob.page.goto(`${service.url}/waivers`);
    const queued = bob.page.locator('li.waiver', { hasText: 'vendor’s DPA' });
    await queued.getByLabel('Decision note').fill('Checked the DPA, annex 3');
    await shoot(bob.page, '06-waivers-approver');
    await queued.getByRole('button', { name: 'Approve' }).click();
    await queued.waitFor({ state: 'detached' });
    const detail = await api<{ status: string; waiver: { decidedBy: string; requestedBy: string } }>(
      'GET',
      `/api/v1/findings/${finding.id}`,
    );
    expect(detail.body.status).toBe('risk_accepted');
    expect(detail.body.waiver).toMatchObject({ requestedBy: 'alice', decidedBy: 'bob' });
    await bob.page.getByRole('link', { name: 'Approved' }).click();
    await bob.page.locator('li.waiver', { hasText: 'Checked the DPA' }).waitFor();
    await bob.page.goto(`${service.url}/findings/${finding.id}`);
    await bob.page.getByRole('heading', { name: 'Waiver in force' }).waitFor();
    await expect(bob.page.locator('section[aria-labelledby=waiver-heading]').innerText()).resolves.toContain(
      'bob',
    );
    await bob.context.close();
  });
});

describe('the witness-path graph', () => {
  it('draws the finding’s path with its systems and flows, the offending system marked, and the whole manifest', async () => {
    const list = await api<{ items: { id: string }[] }>(
      'GET',
      '/api/v1/findings?project=support&rule=ENC-007&limit=1',
    );
    const id = list.body.items[0].id;
    const graph = await api<{
      graph: { nodes: unknown[]; edges: unknown[] };
      path: { nodes: string[]; edges: string[] };
      offendingSystemId: string;
    }>('GET', `/api/v1/findings/${id}/graph`);
    expect(graph.body.path.edges.length).toBeGreaterThanOrEqual(2);
    const { context, page } = await signedIn(keys.carol);
    await page.goto(`${service.url}/findings/${id}`);
    const drawing = page.locator('svg.finding-graph-svg');
    await drawing.waitFor();
    const systems = () =>
      drawing
        .locator('[data-system-id]')
        .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-system-id')));
    const flows = () =>
      drawing
        .locator('[data-flow-id]')
        .evaluateAll((edges) => edges.map((edge) => edge.getAttribute('data-flow-id')));
    expect((await systems()).sort()).toEqual([...graph.body.path.nodes].sort());
    expect((await flows()).sort()).toEqual([...graph.body.path.edges].sort());
    const offending = await drawing.locator('[data-offending=true]').getAttribute('data-system-id');
    expect(offending).toBe(graph.body.offendingSystemId);
    await checkAccessibility(page);
    await shoot(page, '11-finding-graph-path');
    await page.getByRole('button', { name: 'Whole manifest' }).click();
    await page.locator('.finding-graph[data-view=manifest] svg.finding-graph-svg').waitFor();
    await page.waitForFunction(
      `document.querySelectorAll('svg.finding-graph-svg [data-system-id]').length === ${graph.body.graph.nodes.length}`,
    );
    expect(await flows()).toHaveLength(graph.body.graph.edges.length);
    const onPath = await drawing.locator('[data-flow-id][data-on-path=true]').count();
    expect(onPath).toBe(graph.body.path.edges.length);
    await checkAccessibility(page);
    await shoot(page, '12-finding-graph-manifest');
    await context.close();
  });
});

describe('an auditor', () => {
  it('reads every page and is offered no change', async () => {
    const { context, page } = await signedIn(keys.carol);
    await expect(page.locator('header nav').innerText()).resolves.toMatch(
      /Findings\s+Waivers\s+Scans\s+Reports/,
    );
    await findingRows(page);
    expect(await page.locator('table.findings input[type=checkbox]').count()).toBe(0);
    expect(await page.getByRole('heading', { name: /Triage the selected/ }).count()).toBe(0);
    await page.locator('table.findings tbody a').first().click();
    await page.getByRole('heading', { name: 'History' }).waitFor();
    expect(await page.getByRole('heading', { name: /Triage, or request a waiver/ }).count()).toBe(0);
    await page.getByRole('link', { name: 'Waivers' }).click();
    await page.getByRole('link', { name: 'All waivers' }).click();
    await page.locator('li.waiver').first().waitFor();
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await shoot(page, '07-auditor-waivers');
    // A lapsed request, with why.
    await page.getByRole('link', { name: 'Lapsed' }).click();
    const lapsed = page.locator('li.waiver', { hasText: 'Archive to be encrypted next sprint' });
    await expect(lapsed.innerText()).resolves.toContain('Reason: lapsed: the finding’s evidence changed');
    await checkAccessibility(page);
    await shoot(page, '07b-auditor-lapsed-waivers');
    await context.close();
  });

  it('sees a 403 from the API as such: a CI key on the findings page', async () => {
    const { context, page } = await signedIn(keys.ci);
    await expect(page.locator('header nav').innerText()).resolves.toBe('Scans');
    await page.goto(`${service.url}/findings`);
    await expect(page.getByRole('alert').first().innerText()).resolves.toContain('403 Forbidden');
    await shoot(page, '08-ci-forbidden');
    await context.close();
  });
});

describe('the scans page', () => {
  it('shows a project’s scans with new, fixed and reopened findings, and the severity chart', async () => {
    const { context, page } = await signedIn(keys.carol);
    await page.getByRole('link', { name: 'Scans' }).click();
    await page.getByLabel('Project').selectOption('shop');
    await page.getByRole('heading', { name: '3 scans of shop' }).waitFor();
    const rows = await page.locator('section[aria-labelledby=scans-heading] tbody tr').allInnerTexts();
    expect(rows).toHaveLength(3);
    const scans = await api<{ items: { summary: { new: number; fixed: number; reopened: number } }[] }>(
      'GET',
      '/api/v1/scans?project=shop',
    );
    // Newest first: the last scan reopened what the second fixed.
    expect(scans.body.items[0].summary.reopened).toBeGreaterThan(0);
    expect(scans.body.items[1].summary.fixed).toBeGreaterThan(0);
    const cells = await page
      .locator('section[aria-labelledby=scans-heading] tbody tr')
      .first()
      .locator('td')
      .allInnerTexts();
    expect(cells.slice(3, 6).map(Number)).toEqual([
      scans.body.items[0].summary.new,
      scans.body.items[0].summary.fixed,
      scans.body.items[0].summary.reopened,
    ]);
    expect(await page.locator('svg.severity-chart polyline').count()).toBe(4);
    expect(await page.locator('svg.severity-chart .severity-critical circle').count()).toBe(3);
    await checkAccessibility(page);
    await shoot(page, '09-scans');
    await context.close();
  });
});

describe('the reports page', () => {
  it('generates a report, downloads it with its signature, and verifies the two in the browser', async () => {
    const { context, page } = await signedIn(keys.carol);
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByLabel('Project').fill('shop');
    await page.getByLabel('Format').selectOption('json');
    await page.getByRole('button', { name: 'Generate' }).click();
    await expect(page.getByRole('status').first().innerText()).resolves.toContain('generated and signed');
    const item = page.locator('li.report', { hasText: 'shop · gdpr · json' }).first();
    const [report] = await Promise.all([
      page.waitForEvent('download'),
      item.getByRole('button', { name: 'Download report' }).click(),
    ]);
    const [signature] = await Promise.all([
      page.waitForEvent('download'),
      item.getByRole('button', { name: 'Download signature' }).click(),
    ]);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-report-'));
    const reportFile = path.join(folder, report.suggestedFilename());
    const signatureFile = path.join(folder, signature.suggestedFilename());
    await report.saveAs(reportFile);
    await signature.saveAs(signatureFile);
    expect(signature.suggestedFilename()).toMatch(/\.p7s$/);
    await page.getByLabel('Report file', { exact: true }).setInputFiles(reportFile);
    await page.getByLabel('Signature file (.p7s)').setInputFiles(signatureFile);
    await page.getByRole('button', { name: 'Verify' }).click();
    const verdict = page.locator('form[aria-labelledby=verify-heading] [role=status]');
    await expect(verdict.innerText()).resolves.toContain('Valid: unchanged since this service signed it');
    await checkAccessibility(page);
    await shoot(page, '10-reports');

    // One byte changed: the browser's hash and the service's agree, and the verdict is refused.
    const tampered = path.join(folder, `changed-${report.suggestedFilename()}`);
    fs.writeFileSync(tampered, Buffer.concat([fs.readFileSync(reportFile), Buffer.from(' ')]));
    await page.getByLabel('Report file', { exact: true }).setInputFiles(tampered);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(verdict.innerText()).resolves.toContain('Not valid');
    fs.rmSync(folder, { recursive: true, force: true });
    await context.close();
  });
});
