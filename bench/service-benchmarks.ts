import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { findingPageQuery } from '../src/findings/finding-page.query';
import { EmbeddedDatabase } from '../src/database/embedded-database';
import { SEVERITY_RANK, type Severity } from '../src/core/severity';
import { ScanRunner } from '../src/scans/scan-runner';
import { ServiceWorkerPool } from '../src/scans/service-worker-pool';
import { Scanner } from '../src/scanner/scanner';
import { consoleRenderRows } from './console-benchmarks';
import { startService } from './service-process';

/**
 * The service part of `npm run bench`: one scan of ~50,000 findings through POST /scans against
 * a plain multi-row INSERT of the same rows, then GET /findings latency under load with
 * 1,000,000 findings stored. Runs the service (`node dist/main.js`) on 127.0.0.1 against its own
 * database: an embedded PostgreSQL in a temporary folder, or a fresh database on DATABASE_URL's server.
 */
export type BenchRow = [string, string, string];

const FINDINGS_PER_SCAN = 50_000;
const FINDINGS_STORED = 1_000_000;
const SEED_PROJECTS = 20;
const SEED_CHUNK = 50_000;
/** Seeding runs on one connection a core, at most 4. */
const SEED_CONNECTIONS = Math.max(1, Math.min(4, os.availableParallelism()));
/** Rows per statement of the plain INSERT (25 columns: 25,000 parameters, under PostgreSQL's 65,535). */
const PLAIN_BATCH = 1000;
const CONNECTIONS = 50;
const LOAD_SECONDS = 10;
const WARMUP_SECONDS = 2;
const PAGE_SIZE = 50;
const DEEP_PAGES = 200;
const FIRST_PAGE = `/api/v1/findings?project=p7&status=open&severity=critical,high&limit=${PAGE_SIZE}`;
const DEEP_LIST = `/api/v1/findings?project=p7&status=open&limit=${PAGE_SIZE}`;
const FIRST_LABEL = 'GET /findings, p7 open critical+high, first page';
/** A security officer's key limited to 3 of the 20 projects: its scope is in the list's SQL. */
const SCOPED_PROJECTS = ['p3', 'p7', 'p12'];
const SCOPED_FIRST_PAGE = `/api/v1/findings?status=open&severity=critical,high&limit=${PAGE_SIZE}`;
const SCOPED_DEEP_LIST = `/api/v1/findings?status=open&limit=${PAGE_SIZE}`;

const log = (message: string) => process.stderr.write(`bench (service): ${message}\n`);
const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

export async function runServiceBenchmarks(): Promise<BenchRow[]> {
  const database = await benchDatabase();
  try {
    const token = randomBytes(24).toString('base64url');
    const service = await startService(database.url, token);
    try {
      const api = new Api(service.base, token);
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        const ingestion = await benchIngestion(api, client);
        const latency = await benchLatency(api, client, database.url);
        // With the findings the latency phase stored: the console's findings page in a browser.
        const consolePage = await consoleRenderRows(service.base, token, '1,000,000');
        return [
          ['service database', database.description, ''],
          ['service', 'node dist/main.js, its own process, LOG_LEVEL=info', ''],
          ...ingestion,
          ...latency,
          ...consolePage,
        ];
      } finally {
        await client.end();
      }
    } finally {
      await service.stop();
    }
  } finally {
    await database.drop();
  }
}

// --- database ---------------------------------------------------------------------------------

export interface BenchDatabase {
  url: string;
  description: string;
  drop(): Promise<void>;
}

export async function benchDatabase(): Promise<BenchDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `vigil_bench_${randomBytes(6).toString('hex')}`;
    await withClient(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      description: `DATABASE_URL's server, database ${name} (dropped after)`,
      drop: async () => {
        await withClient(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      },
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-pg-'));
  const embedded = new EmbeddedDatabase(dataDir);
  const drop = async () => {
    try {
      await embedded.stop();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  };
  try {
    const url = await embedded.start('vigil_bench');
    const [{ server_version: version }] = await withClient(
      url,
      async (c) => (await c.query('SHOW server_version')).rows,
    );
    return { url, description: `embedded PostgreSQL ${version.split(' ')[0]}, temp folder`, drop };
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
}

async function withClient<T>(url: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

// --- HTTP -------------------------------------------------------------------------------------

export class Api {
  constructor(
    readonly base: string,
    readonly token: string,
  ) {}

  async request<T = unknown>(
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(this.base + url, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text for the error message
    }
    return { status: response.status, body: parsed as T };
  }
}

// --- ingestion: POST /scans against a plain INSERT ---------------------------------------------

/** Columns the ingestion writes; the plain INSERT writes the same ones. */
const FINDING_COLUMNS = [
  'project_id',
  'fingerprint',
  'rule_id',
  'module',
  'title',
  'severity',
  'severity_rank',
  'status',
  'resource_type',
  'resource_id',
  'manifest',
  'file',
  'line',
  '"column"',
  'pointer',
  'message',
  'evidence',
  'witness_path',
  '"references"',
  'remediation',
  'fix',
  'inline_suppression',
  'evidence_hash',
  'first_seen_scan_id',
  'last_seen_scan_id',
];

async function benchIngestion(api: Api, client: Client): Promise<BenchRow[]> {
  const workers = new ServiceWorkerPool();
  const runner = new ScanRunner(workers);
  // One manifest tells how many findings each yields (they all break the same rules).
  const perManifest = (await runner.run([upload(0)], new Date())).findings.length;
  if (perManifest === 0) throw new Error('the benchmark manifest yields no findings');
  const count = Math.ceil(FINDINGS_PER_SCAN / perManifest);
  const manifests = [...Array(count)].map((_, m) => upload(m));
  const bytes = manifests.reduce((sum, manifest) => sum + Buffer.byteLength(manifest.content), 0);

  // Warm both paths (JIT, connection pool) on a small upload first.
  await runner.run(manifests.slice(0, 5), new Date());
  await postScan(api, { project: 'bench-warmup', failOn: 'none', manifests: manifests.slice(0, 5) });

  log(`scanning ${count} manifests (${(bytes / 1e6).toFixed(1)} MB) in process`);
  let started = process.hrtime.bigint();
  const report = await runner.run(manifests, new Date());
  const scanning = seconds(started);
  await workers.onModuleDestroy();

  log(`POST /api/v1/scans with the same ${count} manifests (audit log on, as always)`);
  started = process.hrtime.bigint();
  const scan = (await postScan(api, { project: 'bench-ingest', failOn: 'none', manifests })) as {
    id: string;
  };
  const total = seconds(started);
  const [{ audited }] = (
    await client.query(
      `SELECT count(*)::int AS audited FROM audit_log WHERE target_type = 'scan' AND target_id = $1`,
      [scan.id],
    )
  ).rows;
  if (audited !== 1) throw new Error(`the scan left ${audited} audit entries, expected 1`);
  started = process.hrtime.bigint();
  const verification = await api.request<{ valid: boolean; entries: number }>('GET', '/api/v1/audit/verify');
  const verifying = seconds(started);
  if (!verification.body.valid)
    throw new Error(`the audit chain does not verify: ${JSON.stringify(verification.body)}`);
  const [{ id: projectId, stored }] = (
    await client.query(
      `SELECT p.id, count(f.id)::int AS stored FROM projects p JOIN findings f ON f.project_id = p.id
       WHERE p.name = 'bench-ingest' GROUP BY p.id`,
    )
  ).rows;

  log(`plain INSERT of the same ${stored} rows`);
  const plain = await plainInsert(client, projectId);
  if (plain.rows !== stored) throw new Error(`plain INSERT wrote ${plain.rows} rows, expected ${stored}`);
  const storage = total - scanning;
  return [
    [
      'ingest upload',
      `${count} manifests, ${(bytes / 1e6).toFixed(1)} MB: ${report.findings.length.toLocaleString('en')} findings, ${stored.toLocaleString('en')} stored`,
      '~50,000 findings',
    ],
    ['ingest (POST /scans, audit log on) total', `${total.toFixed(2)} s`, ''],
    ['  audit entries it appended (chained, same transaction)', String(audited), ''],
    ['  of which scanning (Scanner.scan, same upload)', `${scanning.toFixed(2)} s`, ''],
    [
      `plain INSERT of the same rows (${PLAIN_BATCH.toLocaleString('en')}-row VALUES, 1 txn)`,
      `${plain.seconds.toFixed(2)} s`,
      '',
    ],
    ['ratio (POST total / plain)', (total / plain.seconds).toFixed(2), '<= 3'],
    ['ratio (storage only / plain)', (storage / plain.seconds).toFixed(2), ''],
    [
      `GET /audit/verify (${verification.body.entries} entries)`,
      `${(verifying * 1000).toFixed(0)} ms, valid`,
      '',
    ],
  ];
}

async function postScan(api: Api, body: { project: string; failOn: string; manifests: unknown[] }) {
  const response = await api.request('POST', '/api/v1/scans', body);
  if (response.status !== 201)
    throw new Error(
      `POST /api/v1/scans answered ${response.status}: ${JSON.stringify(response.body).slice(0, 500)}`,
    );
  return response.body;
}

/**
 * The straightforward bulk load someone would write: the rows POST /scans stored, read back,
 * inserted into another project's findings with multi-row VALUES statements in one transaction.
 */
async function plainInsert(
  client: Client,
  sourceProjectId: string,
): Promise<{ rows: number; seconds: number }> {
  const { rows } = await client.query(
    `SELECT fingerprint, rule_id, module, title, severity, severity_rank, status, resource_type, resource_id,
            manifest, file, line, "column", pointer, message, evidence::text AS evidence,
            witness_path::text AS witness_path, "references"::text AS refs, remediation, fix::text AS fix,
            inline_suppression::text AS inline_suppression, evidence_hash
     FROM findings WHERE project_id = $1`,
    [sourceProjectId],
  );
  const [{ id: projectId }] = (
    await client.query(`INSERT INTO projects (name) VALUES ('bench-plain') RETURNING id`)
  ).rows;
  const [{ id: scanId }] = (
    await client.query(
      `INSERT INTO scans (project_id, fail_on, verdict, summary, rules_version, reference_data)
       VALUES ($1, 'none', 'pass', '{}', 'bench', '{}') RETURNING id`,
      [projectId],
    )
  ).rows;
  const started = process.hrtime.bigint();
  await client.query('BEGIN');
  for (let i = 0; i < rows.length; i += PLAIN_BATCH) {
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (const row of rows.slice(i, i + PLAIN_BATCH)) {
      const values = [
        projectId,
        row.fingerprint,
        row.rule_id,
        row.module,
        row.title,
        row.severity,
        row.severity_rank,
        row.status,
        row.resource_type,
        row.resource_id,
        row.manifest,
        row.file,
        row.line,
        row.column,
        row.pointer,
        row.message,
        row.evidence,
        row.witness_path,
        row.refs,
        row.remediation,
        row.fix,
        row.inline_suppression,
        row.evidence_hash,
        scanId,
        scanId,
      ];
      const first = params.length;
      params.push(...values);
      tuples.push(`(${values.map((_, k) => `$${first + k + 1}`).join(', ')})`);
    }
    await client.query(
      `INSERT INTO findings (${FINDING_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`,
      params,
    );
  }
  await client.query('COMMIT');
  return { rows: rows.length, seconds: seconds(started) };
}

export function upload(m: number): { path: string; content: string } {
  return { path: `infra/integrations/legacy-${String(m).padStart(4, '0')}.yaml`, content: legacyManifest(m) };
}

/**
 * An estate nobody maintained: unencrypted systems outside the EEA with special-category data,
 * no agreements or records, plain-HTTP flows without a lawful basis, admin grants without MFA.
 * Every resource breaks several rules, so a few hundred findings come from each manifest.
 */
function legacyManifest(m: number): string {
  const systems = 10;
  const lines = [
    'apiVersion: vigil/v1',
    'kind: Integration',
    'metadata:',
    `  name: legacy-${m}`,
    `  owner: team-${m % 40}`,
    'systems:',
  ];
  for (let s = 0; s < systems; s++) {
    lines.push(
      `  - id: sys-${s}`,
      `    kind: ${['database', 'warehouse', 'object-store', 'saas'][s % 4]}`,
      `    provider: Provider ${s}`,
      '    environment: production',
      `    location: { country: ${s === 0 ? 'DE' : ['US', 'IN', 'SG'][s % 3]} }`,
      `    operator: ${s === 0 ? 'self' : 'processor'}`,
      '    dataCategories: [user.contact.email, user.name, user.health_and_medical, user.financial.bank_account]',
      '    encryption:',
      '      atRest: false',
      '      keyManagement: provider-managed',
      '      keyRotationDays: 730',
      '      backupsEncrypted: false',
      '    retentionDays: 1500',
      '    agreements:',
      '      dpa: false',
      '      transferMechanism: none',
      '    governance:',
      '      ropa: false',
      '      dpia: missing',
      '    logging: { auditLog: false, retentionDays: 10 }',
    );
  }
  lines.push('flows:');
  for (let f = 0; f < 30; f++) {
    lines.push(
      `  - id: flow-${f}`,
      `    from: sys-${f % systems}`,
      `    to: sys-${(f + 1 + (f % 3)) % systems}`,
      '    purpose: marketing.advertising.profiling',
      `    mode: ${['batch', 'streaming', 'api'][f % 3]}`,
      `    runAs: bot-${f % 5}`,
      '    transport: { protocol: http, tlsMinVersion: "1.0" }',
    );
  }
  lines.push('access:');
  for (let g = 0; g < 20; g++) {
    lines.push(
      `  - id: grant-${g}`,
      '    principal:',
      `      type: ${g % 2 ? 'user' : 'group'}`,
      `      name: person-${g}`,
      '      lastUsedDays: 200',
      '    system: "*"',
      '    permissions: [admin]',
      '    mfa: false',
      '    credential: { type: api-key, rotationDays: 400 }',
    );
  }
  return lines.join('\n') + '\n';
}

// --- GET /findings under load ------------------------------------------------------------------

/** The GET /findings answer, as far as the benchmark reads it. */
interface FindingsPage {
  items: unknown[];
  nextCursor: string | null;
}

/**
 * Share of seeded findings by severity: a few critical, mostly medium. The bundled catalogue has
 * no low rule, so the other shares grow in proportion (about 10% critical, 40% high, 50% medium).
 */
const SEVERITY_MIX: Record<Severity, number> = { critical: 0.06, high: 0.34, medium: 0.45, low: 0.15 };
/** Share by status: most open, a quarter fixed, some in triage, a few waived. */
const STATUS_MIX: [string, number][] = [
  ['open', 0.5],
  ['triaged', 0.1],
  ['in_progress', 0.07],
  ['fixed', 0.25],
  ['false_positive', 0.03],
  ['risk_accepted', 0.03],
  ['reopened', 0.02],
];

async function benchLatency(api: Api, client: Client, url: string): Promise<BenchRow[]> {
  const seeded = await seedFindings(client, url);
  const rows: BenchRow[] = [
    [
      'findings stored for GET /findings',
      `${seeded.total.toLocaleString('en')} (${SEED_PROJECTS} projects; seeded in ${seeded.seconds.toFixed(0)} s)`,
      '1,000,000',
    ],
  ];
  const probe = await api.request<FindingsPage>('GET', FIRST_PAGE);
  if (probe.status !== 200 || !Array.isArray(probe.body?.items)) {
    const why = `n/a: GET /api/v1/findings answered ${probe.status}`;
    return [
      ...rows,
      [`${FIRST_LABEL}: p50 / p99`, why, 'p99 < 50 ms'],
      [`GET /findings, page ${DEEP_PAGES + 1} of the cursor: p50 / p99`, why, 'p99 < 50 ms'],
    ];
  }

  const admin = await latencyRows(api, FIRST_PAGE, DEEP_LIST, FIRST_LABEL, 'GET /findings, p7 open');
  const created = await api.request<{ token: string }>('POST', '/api/v1/api-keys', {
    name: 'bench-officer',
    role: 'security-officer',
    projects: SCOPED_PROJECTS,
  });
  if (created.status !== 201) throw new Error(`POST /api-keys answered ${created.status}`);
  const officer = new Api(api.base, created.body.token);
  const scoped = await latencyRows(
    officer,
    SCOPED_FIRST_PAGE,
    SCOPED_DEEP_LIST,
    `GET /findings as a security officer on 3 of 20 projects, open critical+high, first page`,
    'GET /findings as a security officer on 3 of 20 projects, open',
  );
  return [...rows, ...admin, ...scoped, await scopedPlan(client)];
}

/**
 * How PostgreSQL reads the scoped first page (EXPLAIN ANALYZE, as the service prepares it): the
 * plan's nodes, and the index rows it read against the rows the page needed.
 */
async function scopedPlan(client: Client): Promise<BenchRow> {
  const ids = (
    await client.query<{ id: string }>('SELECT id FROM projects WHERE name = ANY($1) ORDER BY name', [
      SCOPED_PROJECTS,
    ])
  ).rows.map((row) => row.id);
  const query = findingPageQuery(
    { scopeProjectIds: ids, statuses: ['open'], severityRanks: [4, 3] },
    '-severity',
    undefined,
    PAGE_SIZE,
  );
  const [
    {
      'QUERY PLAN': [plan],
    },
  ] = (await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${query.sql}`, query.params)).rows;
  interface PlanNode {
    'Node Type': string;
    'Index Name'?: string;
    'Actual Rows': number;
    'Actual Loops': number;
    'Rows Removed by Filter'?: number;
    Plans?: PlanNode[];
  }
  // The nodes down to the first fork (the merge), then the index scans beneath, by index.
  const top: string[] = [];
  for (let node = plan.Plan as PlanNode; ; node = node.Plans![0]) {
    top.push(node['Index Name'] ? `${node['Node Type']} on ${node['Index Name']}` : node['Node Type']);
    if (node.Plans?.length !== 1) break;
  }
  const scans = new Map<string, number>();
  let read = 0;
  const walk = (node: PlanNode) => {
    const index = node['Index Name'];
    if (index?.startsWith('findings')) {
      scans.set(index, (scans.get(index) ?? 0) + 1);
      read += (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0)) * node['Actual Loops'];
    }
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan.Plan as PlanNode);
  const named = [...scans].map(([index, times]) => `${times}× Index Scan on ${index}`);
  return [
    'plan of the scoped first page',
    `${top.join(' > ')} of ${named.join(', ')}; ${read.toLocaleString('en')} findings index rows read for ${PAGE_SIZE + 1}, ${plan['Execution Time'].toFixed(2)} ms`,
    "no Sort of the projects' rows",
  ];
}

/** A first page and a page deep in the cursor, each loaded with CONNECTIONS connections. */
async function latencyRows(
  api: Api,
  firstPage: string,
  deepList: string,
  firstLabel: string,
  deepLabelStart: string,
): Promise<BenchRow[]> {
  log(`walking ${DEEP_PAGES} pages of ${deepList}`);
  let deepUrl = deepList;
  let depth = 0;
  for (let page = 0; page < DEEP_PAGES; page++) {
    const response = await api.request<FindingsPage>('GET', deepUrl);
    if (response.status !== 200) throw new Error(`GET ${deepUrl} answered ${response.status}`);
    const next = response.body.nextCursor;
    if (!next) break;
    depth += response.body.items.length;
    deepUrl = `${deepList}&cursor=${encodeURIComponent(next)}`;
  }
  const probe = await api.request<FindingsPage>('GET', firstPage);
  const deepLabel = `${deepLabelStart}, ${depth.toLocaleString('en')} rows deep`;
  const first = await load(api, firstPage, `${probe.body.items.length} items`);
  const deep = await load(api, deepUrl, `${depth.toLocaleString('en')} rows deep`);
  return [
    [`${firstLabel}: p50 / p99`, first.latency, 'p99 < 50 ms'],
    [`${firstLabel}: requests/s`, first.throughput, ''],
    [`${deepLabel}: p50 / p99`, deep.latency, 'p99 < 50 ms'],
    [`${deepLabel}: requests/s`, deep.throughput, ''],
  ];
}

async function load(api: Api, url: string, what: string): Promise<{ latency: string; throughput: string }> {
  const options: autocannon.Options = {
    url: api.base + url,
    connections: CONNECTIONS,
    // The load comes from a worker thread, so it does not share the app's event loop.
    workers: 1,
    headers: { authorization: `Bearer ${api.token}` },
  };
  log(`${CONNECTIONS} connections for ${LOAD_SECONDS} s on ${url.split('&cursor=')[0]} (${what})`);
  await autocannon({ ...options, duration: WARMUP_SECONDS });
  const result = await autocannon({ ...options, duration: LOAD_SECONDS });
  const failed = result.errors + result.non2xx;
  const suffix = failed ? ` (${failed} of ${result.requests.sent} failed)` : '';
  return {
    latency: `${result.latency.p50} ms / ${result.latency.p99} ms${suffix}`,
    throughput: `${Math.round(result.requests.average).toLocaleString('en')}, ${(result.throughput.total / Math.max(1, result.requests.total) / 1000).toFixed(0)} kB a response (${CONNECTIONS} connections, ${LOAD_SECONDS} s)`,
  };
}

/**
 * Fills the findings table up to 1,000,000 rows in SQL: projects p0..p19 with a seed scan each,
 * findings spread evenly across them, rule, severity and status drawn from the mixes above, and
 * message, evidence and references copied from real findings of the same rule (the ingested scan).
 */
async function seedFindings(client: Client, url: string): Promise<{ total: number; seconds: number }> {
  const started = process.hrtime.bigint();
  const [{ count: existing }] = (await client.query('SELECT count(*)::int AS count FROM findings')).rows;
  const seed = Math.max(0, FINDINGS_STORED - existing);
  log(`seeding ${seed.toLocaleString('en')} findings`);
  await client.query(`
    CREATE UNLOGGED TABLE bench_seed_projects AS
      SELECT g AS idx, NULL::uuid AS project_id, NULL::uuid AS scan_id FROM generate_series(0, ${SEED_PROJECTS - 1}) g`);
  await client.query(`
    WITH p AS (INSERT INTO projects (name) SELECT 'p' || idx FROM bench_seed_projects RETURNING id, name)
    UPDATE bench_seed_projects s SET project_id = p.id FROM p WHERE p.name = 'p' || s.idx`);
  await client.query(`
    WITH sc AS (
      INSERT INTO scans (project_id, fail_on, verdict, summary, rules_version, reference_data, created_at)
      SELECT project_id, 'high', 'fail', '{}', 'bench seed', '{}', now() - interval '1 day' FROM bench_seed_projects
      RETURNING id, project_id)
    UPDATE bench_seed_projects s SET scan_id = sc.id FROM sc WHERE sc.project_id = s.project_id`);

  // 1,000 slots, each a rule: a rule's share of slots is its share of findings. Severities the
  // catalogue has no rule of are left out (the shares of the others then grow in proportion).
  const rules = new Scanner().rules;
  const slots: string[] = [];
  for (const [severity, share] of Object.entries(SEVERITY_MIX)) {
    const ofSeverity = rules.filter((rule) => rule.severity === severity);
    // Within a severity a few rules fire often and most rarely (weights 1, 1/2, 1/3, ...).
    const weights = ofSeverity.map((_, k) => 1 / (k + 1));
    const sum = weights.reduce((a, b) => a + b, 0);
    ofSeverity.forEach((rule, k) => {
      for (let n = Math.round((share * 1000 * weights[k]) / sum); n > 0; n--) slots.push(rule.id);
    });
  }
  await client.query(
    `CREATE UNLOGGED TABLE bench_seed_rules AS
     SELECT u.slot::int - 1 AS slot, u.rule_id FROM unnest($1::text[]) WITH ORDINALITY AS u(rule_id, slot)`,
    [slots],
  );
  // Text and JSON of each rule from a real finding (the ingested scan), else from its metadata.
  await client.query(`
    CREATE UNLOGGED TABLE bench_seed_templates AS
    SELECT DISTINCT ON (rule_id) rule_id, module, title, severity, severity_rank, resource_type, pointer, message,
           evidence, witness_path, "references", remediation, fix
    FROM findings ORDER BY rule_id, id`);
  for (const rule of rules) {
    await client.query(
      `INSERT INTO bench_seed_templates (rule_id, module, title, severity, severity_rank, resource_type, pointer, message,
         evidence, witness_path, "references", remediation, fix)
       SELECT $1, $2, $3, $4, $5, 'system', '/systems/0', $3, '{}', NULL, $6, $7, NULL
       WHERE NOT EXISTS (SELECT 1 FROM bench_seed_templates WHERE rule_id = $1)`,
      [
        rule.id,
        rule.module,
        rule.title,
        rule.severity,
        SEVERITY_RANK[rule.severity],
        JSON.stringify(rule.references),
        rule.remediation,
      ],
    );
  }
  // Chunks of generate_series on a few connections at once; the draws are hashes of the row
  // number, so every run stores the same rows whichever connection inserts them.
  const uniform = (k: number) => `(hashint4extended(i, ${k}) & 2147483647)::float8 / 2147483648`;
  const chunks: [number, number][] = [];
  for (let from = 1; from <= seed; from += SEED_CHUNK)
    chunks.push([from, Math.min(seed, from + SEED_CHUNK - 1)]);
  const insertChunk = (connection: Client, [from, to]: [number, number]) =>
    connection.query(
      `INSERT INTO findings (project_id, fingerprint, rule_id, module, title, severity, severity_rank, status,
         resource_type, resource_id, manifest, file, line, "column", pointer, message, evidence, witness_path,
         "references", remediation, fix, assignee, risk_accepted_until, first_seen_scan_id, last_seen_scan_id,
         first_seen_at, last_seen_at, updated_at)
       SELECT p.project_id, md5('seed-' || u.i), t.rule_id, t.module, t.title, t.severity, t.severity_rank, u.status,
         t.resource_type, t.resource_type || '-' || (u.i % 30), 'integration-' || (u.i / 1000),
         'infra/integrations/integration-' || (u.i / 1000) || '.yaml', 1 + (u.i % 600), 5, t.pointer, t.message,
         t.evidence, t.witness_path, t."references", t.remediation, t.fix,
         CASE WHEN u.status IN ('triaged', 'in_progress') OR (u.status = 'open' AND u.u3 < 0.2)
           THEN 'person-' || (u.i % 37) END,
         CASE WHEN u.status = 'risk_accepted' THEN now() + interval '90 days' END,
         p.scan_id, p.scan_id, now() - u.u4 * interval '180 days', now() - u.u4 * interval '10 days', now()
       FROM (
         SELECT i, u1, u3, u4, ${cumulative(STATUS_MIX, 'u2')} AS status
         FROM (SELECT i, ${uniform(1)} AS u1, ${uniform(2)} AS u2, ${uniform(3)} AS u3, ${uniform(4)} AS u4
               FROM generate_series($1::int, $2::int) AS i) AS r
       ) AS u
       JOIN bench_seed_projects p ON p.idx = u.i % ${SEED_PROJECTS}
       JOIN bench_seed_rules s ON s.slot = floor(u.u1 * $3)::int
       JOIN bench_seed_templates t ON t.rule_id = s.rule_id`,
      [from, to, slots.length],
    );
  const connections = await Promise.all(
    [...Array(SEED_CONNECTIONS)].map(async () => {
      const connection = new Client({ connectionString: url });
      await connection.connect();
      return connection;
    }),
  );
  try {
    await Promise.all(
      connections.map(async (connection) => {
        for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) await insertChunk(connection, chunk);
      }),
    );
  } finally {
    await Promise.all(connections.map((connection) => connection.end()));
  }
  log(`VACUUM ANALYZE, CHECKPOINT (${seconds(started).toFixed(0)} s so far)`);
  await client.query('VACUUM (ANALYZE) findings');
  await client.query('ANALYZE projects');
  await client.query('ANALYZE scans');
  // Flush what seeding dirtied now, not during the measurements (needs superuser or pg_checkpoint).
  await client.query('CHECKPOINT').catch(() => undefined);
  await client.query('DROP TABLE bench_seed_projects, bench_seed_rules, bench_seed_templates');
  const [{ count: total }] = (await client.query('SELECT count(*)::int AS count FROM findings')).rows;
  return { total, seconds: seconds(started) };
}

/** A CASE expression mapping a uniform number in [0, 1) to a value by cumulative shares. */
function cumulative(mix: [string, number][], variable: string): string {
  let bound = 0;
  const arms = mix.slice(0, -1).map(([value, share]) => {
    bound += share;
    return `WHEN ${variable} < ${bound.toFixed(4)} THEN '${value}'`;
  });
  return `CASE ${arms.join(' ')} ELSE '${mix[mix.length - 1][0]}' END`;
}

if (require.main === module) {
  runServiceBenchmarks().then(
    (rows) => {
      for (const row of rows) console.log(`| ${row.join(' | ')} |`);
    },
    (error: Error) => {
      process.stderr.write(`${error.stack ?? error.message}\n`);
      process.exitCode = 1;
    },
  );
}
