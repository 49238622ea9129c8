import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { exampleText } from '../findings/findings-seed';
import { startService, stopProcess, type RunningService } from '../support/service-process';

/**
 * The finding page's data path graph in a real browser (Debian's chromium through
 * playwright-core) against `npm start` on an embedded PostgreSQL, seeded through the API: the
 * witness path's systems and flows drawn, the offending system marked, the whole manifest one
 * key press away, under the console's CSP (ELK runs without eval), axe-core clean. Screenshots
 * go to test-output/console/ with the console suite's.
 */
const CHROMIUM = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = path.join(__dirname, '..', '..', 'test-output', 'console');
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
// PostgreSQL, the service and a browser on a busy 2-core machine: a hang detector.
jest.setTimeout(120_000);

let dataDir: string;
let service: RunningService;
let browser: Browser;
/** What the browser printed as an error: a CSP refusal (an eval in ELK, say) would be one. */
const browserErrors: string[] = [];

async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(service.url + url, {
    method,
    headers: { authorization: `Bearer ${service.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function findingId(rule: string, resource: string): Promise<string> {
  const page = await api<{ items: { id: string }[] }>(
    'GET',
    `/api/v1/findings?project=graph&rule=${rule}&resource=${resource}`,
  );
  expect(page.items).toHaveLength(1);
  return page.items[0].id;
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-console-graph-'));
  service = await startService(dataDir, { withinMs: 90_000 });
  await api('POST', '/api/v1/scans', {
    project: 'graph',
    manifests: [{ path: 'infra/support-assistant.yaml', content: exampleText('support-assistant') }],
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
  if (service) {
    service.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const stopped = await Promise.race([
      service.exited.then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 15_000))),
    ]);
    // A pending timer would keep Jest from exiting when the service stopped in time.
    clearTimeout(timer);
    if (!stopped) stopProcess(service);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

afterEach(() => {
  expect(browserErrors.splice(0)).toEqual([]);
});

async function findingPage(id: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') browserErrors.push(message.text());
  });
  page.on('pageerror', (error) => browserErrors.push(error.message));
  await page.goto(`${service.url}/`);
  await page.getByLabel('API key').fill(service.token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await page.goto(`${service.url}/findings/${id}`);
  await page.locator('svg.finding-graph-svg').waitFor();
  return page;
}

/** The drawn systems as id:onPath:offending, and flows as id:from>to:onPath, in drawing order. */
async function drawn(page: Page): Promise<{ systems: string[]; flows: string[] }> {
  const systems = await page
    .locator('[data-system-id]')
    .evaluateAll((nodes) =>
      nodes.map(
        (n) =>
          `${n.getAttribute('data-system-id')}:${n.getAttribute('data-on-path')}:${n.getAttribute('data-offending')}`,
      ),
    );
  const flows = await page
    .locator('[data-flow-id]')
    .evaluateAll((nodes) =>
      nodes.map(
        (n) =>
          `${n.getAttribute('data-flow-id')}:${n.getAttribute('data-from')}>${n.getAttribute('data-to')}:${n.getAttribute('data-on-path')}`,
      ),
    );
  return { systems, flows: flows.sort() };
}

async function seriousViolations(page: Page): Promise<string[]> {
  // Through the DevTools protocol: the page's CSP (no inline script) does not govern it.
  await page.evaluate(AXE);
  return (await page.evaluate(`axe.run().then((result) => result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => violation.id + ': ' + violation.nodes.map((node) => node.target.join(' ')).join(', ')))`)) as string[];
}

describe('the data path graph of a finding', () => {
  it('draws the witness path with the offending system marked, and the whole manifest on a key press', async () => {
    const page = await findingPage(await findingId('ENC-007', 'summary-archive'));
    const drawing = page.getByRole('img', { name: 'Witness path of finding ENC-007' });
    await drawing.waitFor();
    expect(await drawn(page)).toEqual({
      systems: ['zendesk:true:false', 'openai:true:false', 'summary-archive:true:true'],
      flows: ['summaries-to-archive:openai>summary-archive:true', 'tickets-to-llm:zendesk>openai:true'],
    });
    // Systems show kind and country; flows the categories they carry.
    await expect(page.locator('[data-system-id=summary-archive]').textContent()).resolves.toContain(
      'object-store · IE',
    );
    await expect(page.locator('[data-flow-id=tickets-to-llm]').textContent()).resolves.toContain(
      'user.contact.email',
    );
    await expect(page.locator('svg.finding-graph-svg desc').textContent()).resolves.toContain(
      'zendesk → openai → summary-archive',
    );
    // The text beside the drawing: the path, origin first.
    expect(
      await page.getByRole('list', { name: 'Witness path, origin first' }).locator('li').allInnerTexts(),
    ).toEqual([
      'zendesk sends user.contact.email, user.content to openai by flow tickets-to-llm',
      'openai sends user.contact.email, user.content to summary-archive by flow summaries-to-archive',
    ]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'graph-01-witness-path.png'), fullPage: true });

    // By keyboard: focus the view switch and press Space.
    const whole = page.getByRole('button', { name: 'Whole manifest' });
    await whole.focus();
    await page.keyboard.press('Space');
    await page.getByRole('img', { name: 'Manifest support-assistant of finding ENC-007' }).waitFor();
    await expect(whole.getAttribute('aria-pressed')).resolves.toBe('true');
    expect((await drawn(page)).systems).toEqual([
      'zendesk:true:false',
      'openai:true:false',
      'summary-archive:true:true',
    ]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'graph-02-whole-manifest.png'), fullPage: true });
    await page.context().close();
  });

  it('shows the system a finding without a path is on, and the whole manifest unemphasised', async () => {
    const page = await findingPage(await findingId('AC-003', 'support-leads'));
    expect(await drawn(page)).toEqual({ systems: ['zendesk:false:true'], flows: [] });
    await expect(page.locator('.finding-graph-steps').innerText()).resolves.toContain(
      'This finding has no witness path: it is on system zendesk.',
    );
    await page.getByRole('button', { name: 'Whole manifest' }).click();
    await page.getByRole('img', { name: 'Manifest support-assistant of finding AC-003' }).waitFor();
    expect(await drawn(page)).toEqual({
      systems: ['zendesk:false:true', 'openai:false:false', 'summary-archive:false:false'],
      flows: ['summaries-to-archive:openai>summary-archive:false', 'tickets-to-llm:zendesk>openai:false'],
    });
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });
});
