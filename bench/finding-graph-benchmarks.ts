import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { layoutGraph } from '../console/src/graph/layout';
import type { FindingGraphAnswer } from '../console/src/graph/graph-model';
import { findingGraph } from '../src/findings/finding-graph';
import { loadManifests } from '../src/manifests/manifest-loader';
import { loadCategoryClassifier } from '../src/reference-data/category-classes';
import { graphManifestYaml } from './graph-manifest';
import { Api, benchDatabase, type BenchRow } from './service-benchmarks';
import { startService } from './service-process';

/**
 * The finding graph of a 40-system manifest (graph-manifest.ts): the console's layout of it
 * (ELK in Node, as the browser runs it, minus drawing), and GET /findings/:id/graph's latency
 * for its ENC-007 finding, one request at a time against a service of its own.
 */
const SYSTEMS = 40;
const LAYOUT_RUNS = 20;
/** Layouts before the measured ones: ELK is a large compiled program that the JIT warms up slowly. */
const WARMUP_RUNS = 5;
const REQUESTS = 200;
const PAGE_LOADS = 5;
const CHROMIUM = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium';

const log = (message: string) => process.stderr.write(`bench (finding graph): ${message}\n`);
const ms = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e6;
const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];

export async function findingGraphRows(): Promise<BenchRow[]> {
  const yaml = graphManifestYaml(SYSTEMS);
  const answer = localAnswer(yaml);
  const size = `${answer.graph!.nodes.length} systems, ${answer.graph!.edges.length} flows, path of ${answer.path.edges.length}`;
  log(`layout, ${size}`);
  let started = process.hrtime.bigint();
  await layoutGraph(answer, 'manifest');
  const cold = ms(started);
  for (let run = 0; run < WARMUP_RUNS; run++) await layoutGraph(answer, 'manifest');
  const layouts = { manifest: [] as number[], path: [] as number[] };
  for (let run = 0; run < LAYOUT_RUNS; run++) {
    for (const view of ['manifest', 'path'] as const) {
      started = process.hrtime.bigint();
      await layoutGraph(answer, view);
      layouts[view].push(ms(started));
    }
  }
  const latency = await endpointLatency(yaml);
  return [
    ['finding graph', `${size} (bench/graph-manifest.ts)`, ''],
    ['graph layout, whole manifest, first (ELK cold)', `${cold.toFixed(0)} ms`, ''],
    [
      `graph layout, whole manifest (median of ${LAYOUT_RUNS})`,
      `${quantile(layouts.manifest, 0.5).toFixed(1)} ms`,
      '',
    ],
    [
      `graph layout, witness path (median of ${LAYOUT_RUNS})`,
      `${quantile(layouts.path, 0.5).toFixed(1)} ms`,
      '',
    ],
    ...latency,
  ];
}

/** The endpoint's answer, built in-process from the same core functions (for the layout rows). */
function localAnswer(yaml: string): FindingGraphAnswer {
  const loaded = loadManifests([{ path: 'graph.yaml', content: yaml }]);
  if (loaded.errors.length > 0)
    throw new Error(`the generated manifest does not load: ${loaded.errors[0].message}`);
  const manifest = loaded.manifests[0].manifest;
  const path = ['source-1', 'service-1', 'queue-1', 'db-1', 'store-2'];
  const witnessPath = path.slice(1).map((to, i) => ({ flow: `${path[i]}-to-${to}`, from: path[i], to }));
  return {
    findingId: 'local',
    ruleId: 'ENC-007',
    manifest: manifest.metadata.name,
    file: 'graph.yaml',
    ...findingGraph(manifest, loadCategoryClassifier().pseudonymousKey, {
      resourceType: 'system',
      resourceId: 'store-2',
      witnessPath,
    }),
  };
}

async function endpointLatency(yaml: string): Promise<BenchRow[]> {
  const database = await benchDatabase();
  try {
    const token = randomBytes(24).toString('base64url');
    const service = await startService(database.url, token);
    try {
      const api = new Api(service.base, token);
      const scan = await api.request('POST', '/api/v1/scans', {
        project: 'graph',
        manifests: [{ path: 'graph.yaml', content: yaml }],
      });
      if (scan.status !== 201) throw new Error(`POST /scans answered ${scan.status}`);
      const list = await api.request<{ items: { id: string }[] }>(
        'GET',
        '/api/v1/findings?project=graph&rule=ENC-007&resource=store-2',
      );
      const url = `/api/v1/findings/${list.body.items[0].id}/graph`;
      const first = await api.request<FindingGraphAnswer>('GET', url);
      if (first.status !== 200 || first.body.path.edges.length === 0)
        throw new Error(`GET ${url} answered ${first.status} without a path`);
      log(`GET /findings/:id/graph × ${REQUESTS}`);
      const times: number[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const started = process.hrtime.bigint();
        const response = await api.request('GET', url);
        times.push(ms(started));
        if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
      }
      const firstRender = await firstRenderRows(service.base, token, list.body.items[0].id);
      return [
        [
          `GET /findings/:id/graph, 40 systems, median of ${REQUESTS}`,
          `${quantile(times, 0.5).toFixed(1)} ms`,
          '',
        ],
        [`GET /findings/:id/graph, 40 systems, p95`, `${quantile(times, 0.95).toFixed(1)} ms`, ''],
        ...firstRender,
      ];
    } finally {
      await service.stop();
    }
  } finally {
    await database.drop();
  }
}

/**
 * The finding page in Debian's chromium: from navigation to the drawn witness path (a first
 * visit: ELK's chunk downloaded and compiled), and from the click on "Whole manifest" to its
 * drawing.
 */
async function firstRenderRows(base: string, token: string, findingId: string): Promise<BenchRow[]> {
  if (!fs.existsSync(CHROMIUM)) return [['finding page, first graph render', `n/a (no ${CHROMIUM})`, '']];
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    return await timeFindingPage(browser, base, token, findingId);
  } catch (error) {
    // A console built without the graph on its finding page: say so instead of failing the bench.
    return [['finding page, first graph render', `n/a (${(error as Error).message.split('\n')[0]})`, '']];
  } finally {
    await browser.close();
  }
}

async function timeFindingPage(
  browser: Browser,
  base: string,
  token: string,
  findingId: string,
): Promise<BenchRow[]> {
  const toPath: number[] = [];
  const toManifest: number[] = [];
  log(`finding page × ${PAGE_LOADS} in chromium`);
  for (let load = 0; load < PAGE_LOADS; load++) {
    // A new context each time: nothing cached, as a first visit of a signed-in tab.
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    await context.addInitScript(`sessionStorage.setItem('vigil.apiKey', ${JSON.stringify(token)})`);
    const page = await context.newPage();
    let started = process.hrtime.bigint();
    await page.goto(`${base}/findings/${findingId}`);
    await page.locator('.finding-graph[data-view=path] svg.finding-graph-svg').waitFor({ timeout: 60_000 });
    toPath.push(ms(started));
    started = process.hrtime.bigint();
    await page.getByRole('button', { name: 'Whole manifest' }).click();
    await page
      .locator('.finding-graph[data-view=manifest] svg.finding-graph-svg')
      .waitFor({ timeout: 60_000 });
    toManifest.push(ms(started));
    await context.close();
  }
  return [
    [
      `finding page, navigation to the witness path drawn, 40 systems (median of ${PAGE_LOADS})`,
      `${quantile(toPath, 0.5).toFixed(0)} ms`,
      '',
    ],
    [
      `finding page, whole manifest drawn after the click (median of ${PAGE_LOADS})`,
      `${quantile(toManifest, 0.5).toFixed(0)} ms`,
      '',
    ],
  ];
}
