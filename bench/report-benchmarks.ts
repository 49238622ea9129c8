import * as fs from 'node:fs';
import * as os from 'node:os';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Api, benchDatabase, upload, type BenchRow } from './service-benchmarks';
import { startService } from './service-process';

export const PROJECT = 'bench-reports';
const FINDINGS = 10_000;
const FORMATS = ['pdf', 'html', 'csv', 'json', 'oscal'] as const;
const HEALTH_EVERY_MS = 25;
const RSS_EVERY_MS = 20;
const RSS_RUNS = 6;
const IDLE_HEALTH_MS = 5000;
/** Time given to the service after a report before its RSS is read (collections, freed threads' memory). */
const SETTLE_MS = 2000;

const log = (message: string) => process.stderr.write(`bench (reports): ${message}\n`);

/**
 * Compliance reports of a project with 10,000 findings, with history (scans that fix and
 * reopen findings) and waivers, in every format: the time of POST /reports, the size, the pages
 * of the PDF, the service's peak RSS while it generates, and GET /health's latency meanwhile.
 */
async function benchReports(api: Api, client: Client, servicePid: number): Promise<BenchRow[]> {
  await seedProject(api, client);
  const [{ count }] = (
    await client.query(
      `SELECT count(*)::int AS count FROM findings f JOIN projects p ON p.id = f.project_id WHERE p.name = $1`,
      [PROJECT],
    )
  ).rows;
  const rows: BenchRow[] = [
    [
      'report project',
      `${count.toLocaleString('en')} findings, 3 scans (fixed and reopened ones), waivers on 12%`,
      '10,000 findings',
    ],
    ['load average when the reports ran (1, 5, 15 min)', os.loadavg().map((load) => load.toFixed(1)).join(', '), ''],
  ];
  // Warm the worker thread (policies, pdfkit, forge) on a small report first.
  await post(api, { project: PROJECT, framework: 'soc2', format: 'json' });
  // What the machine allows: GET /health's latency while the service does nothing else.
  const idle = sampleHealth(api);
  await new Promise((resolve) => setTimeout(resolve, IDLE_HEALTH_MS));
  const idleLatencies = await idle.stop();
  rows.push([
    `GET /health, service idle (p99, max of ${idleLatencies.length})`,
    `${percentile(idleLatencies, 0.99).toFixed(0)} ms, ${max(idleLatencies).toFixed(0)} ms`,
    '',
  ]);
  for (const format of FORMATS) {
    log(`POST /api/v1/reports, iso27001, ${format}`);
    const rss = sampleRss(servicePid);
    const health = sampleHealth(api);
    const cpuBefore = cpuSeconds(servicePid);
    const loopBefore = cpuSeconds(servicePid, servicePid);
    const started = process.hrtime.bigint();
    const created = await post(api, { project: PROJECT, framework: 'iso27001', format });
    const took = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = cpuSeconds(servicePid) - cpuBefore;
    const loop = cpuSeconds(servicePid, servicePid) - loopBefore;
    const latencies = await health.stop();
    const peakRss = rss.stop();
    const pages = format === 'pdf' ? `, ${pdfPages(await download(api, created.id))} pages` : '';
    rows.push([
      `report ${format}: POST /reports`,
      `${took.toFixed(2)} s (service CPU ${cpu.toFixed(2)} s, of which the event loop's thread ${loop.toFixed(2)} s), ${(created.size / 1e6).toFixed(1)} MB${pages}`,
      '< 5 s',
    ]);
    rows.push([
      `  GET /health meanwhile (p99, max of ${latencies.length})`,
      `${percentile(latencies, 0.99).toFixed(0)} ms, ${max(latencies).toFixed(0)} ms`,
      '< 100 ms',
    ]);
    rows.push([`  service peak RSS while generating`, `${peakRss.toFixed(0)} MB`, '']);
  }
  rows.push(await rssOverReports(api, servicePid));
  return rows;
}

/**
 * The service's RSS after each of a run of PDF reports, once it settled: a leak grows it by
 * about a report each time; memory V8 keeps for its heaps stops growing after a few.
 */
async function rssOverReports(api: Api, servicePid: number): Promise<BenchRow> {
  const settled: number[] = [];
  for (let run = 0; run < RSS_RUNS; run++) {
    log(`RSS over reports: PDF ${run + 1} of ${RSS_RUNS}`);
    await post(api, { project: PROJECT, framework: 'iso27001', format: 'pdf' });
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    settled.push(rssMb(servicePid));
  }
  return [
    `service RSS after each of ${RSS_RUNS} more PDF reports`,
    settled.map((mb) => mb.toFixed(0)).join(', ') + ' MB',
    'levels off',
  ];
}

/** Three scans: all manifests, then without a tenth (fixed), then all again (reopened); then waivers. */
export async function seedProject(api: Api, client: Client): Promise<void> {
  const perManifest = await findingsOfOneManifest(api);
  const manifests = [...Array(Math.ceil(FINDINGS / perManifest))].map((_, m) => upload(m));
  log(`seeding ${PROJECT}: ${manifests.length} manifests, three scans`);
  await scan(api, manifests);
  await scan(api, manifests.slice(0, Math.floor(manifests.length * 0.9)));
  await scan(api, manifests);
  await client.query(
    `WITH picked AS (
       SELECT f.id, row_number() OVER (ORDER BY f.id) AS n FROM findings f JOIN projects p ON p.id = f.project_id
       WHERE p.name = $1 AND f.status IN ('open', 'reopened')
     ), waived AS (
       UPDATE findings f SET status = CASE WHEN picked.n % 5 = 0 THEN 'false_positive' ELSE 'risk_accepted' END,
              risk_accepted_until = CASE WHEN picked.n % 5 = 0 THEN NULL ELSE now() + interval '90 days' END
       FROM picked WHERE f.id = picked.id AND picked.n % 8 = 0
       RETURNING f.id, f.status, f.risk_accepted_until
     ), events AS (
       INSERT INTO finding_events (finding_id, type, actor, from_status, to_status, note)
       SELECT id, 'status_changed', 'security@example.com', 'open', status, 'waived for the benchmark' FROM waived
     )
     INSERT INTO waivers (finding_id, kind, justification, expires_at, requested_by, state, decided_by, decided_at)
     SELECT id, status, 'Compensating control documented in RISK-' || left(id::text, 8), risk_accepted_until,
            'security@example.com', 'approved', 'ciso@example.com', now()
     FROM waived`,
    [PROJECT],
  );
}

async function findingsOfOneManifest(api: Api): Promise<number> {
  const response = await api.request<{ summary: { new: number } }>('POST', '/api/v1/scans', {
    project: 'bench-reports-probe',
    failOn: 'none',
    manifests: [upload(0)],
  });
  if (response.status !== 201) throw new Error(`POST /api/v1/scans answered ${response.status}`);
  return response.body.summary.new;
}

async function scan(api: Api, manifests: { path: string; content: string }[]): Promise<void> {
  const response = await api.request('POST', '/api/v1/scans', {
    project: PROJECT,
    failOn: 'none',
    manifests,
  });
  if (response.status !== 201) throw new Error(`POST /api/v1/scans answered ${response.status}`);
}

async function post(api: Api, body: object): Promise<{ id: string; size: number }> {
  const response = await api.request<{ id: string; size: number }>('POST', '/api/v1/reports', body);
  if (response.status !== 201)
    throw new Error(
      `POST /api/v1/reports answered ${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`,
    );
  return response.body;
}

async function download(api: Api, id: string): Promise<Buffer> {
  const response = await fetch(`${api.base}/api/v1/reports/${id}/download`, {
    headers: { authorization: `Bearer ${api.token}` },
  });
  return Buffer.from(await response.arrayBuffer());
}

/** pdfkit writes every page object uncompressed: `/Type /Page` once a page (`/Pages` is the tree). */
function pdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;
}

/** The service's resident memory, sampled from /proc while a report is generated. */
function sampleRss(pid: number): { stop(): number } {
  let peak = 0;
  const read = () => {
    peak = Math.max(peak, rssMb(pid));
  };
  read();
  const timer = setInterval(read, RSS_EVERY_MS);
  return {
    stop() {
      clearInterval(timer);
      read();
      return peak;
    },
  };
}

/** GET /health one request at a time, as a monitor would, until stopped; returns latencies in ms. */
function sampleHealth(api: Api): { stop(): Promise<number[]> } {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = process.hrtime.bigint();
      await fetch(`${api.base}/health`).then((response) => response.arrayBuffer());
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      await new Promise((resolve) => setTimeout(resolve, HEALTH_EVERY_MS));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return latencies;
    },
  };
}

/**
 * CPU time the service's threads used (or one thread's: the main thread's id is the process's),
 * from /proc in clock ticks, 100 a second on Linux: on a shared machine the wall time depends on
 * the other processes, this does much less.
 */
function cpuSeconds(pid: number, thread?: number): number {
  const file = thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`;
  const fields = fs.readFileSync(file, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function max(values: number[]): number {
  return values.reduce((a, b) => Math.max(a, b), 0);
}

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0;
}

/** Its own database and service process, so that the figures are those of report generation alone. */
export async function runReportBenchmarks(): Promise<BenchRow[]> {
  const database = await benchDatabase();
  try {
    const token = randomBytes(24).toString('base64url');
    const service = await startService(database.url, token);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      return await benchReports(new Api(service.base, token), client, service.pid);
    } finally {
      await client.end();
      await service.stop();
    }
  } finally {
    await database.drop();
  }
}

/** `node bench-dist/bench/report-benchmarks.js` (after `npm run bench` built it once): this part alone. */
if (require.main === module) {
  runReportBenchmarks().then(
    (rows) => {
      for (const row of rows) console.log(`| ${row.join(' | ')} |`);
    },
    (error: Error) => {
      process.stderr.write(`${error.stack ?? error.message}\n`);
      process.exitCode = 1;
    },
  );
}
