import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The importers at scale (issue 15): a generated Terraform plan of 20,000 resources (buckets,
 * databases, KMS keys, IAM policies, with unknown values) and an OpenLineage history of 50,000
 * events (25,000 runs of 500 jobs over 300 namespaces), each imported and scanned through the CLI.
 * The native corpus rows above are the figures to compare with.
 */
const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'vigil.js');
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const PLAN_RESOURCES = 20_000;
const LINEAGE_EVENTS = 50_000;

type Row = [string, string, string];

function timed(args: string[]): { seconds: number; peakRssMb?: number; status: number } {
  const started = process.hrtime.bigint();
  const result = TIME
    ? spawnSync(TIME, ['-f', '%M', process.execPath, CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rssKb = TIME ? Number(result.stderr.trim().split('\n').pop()) : NaN;
  return {
    seconds,
    peakRssMb: Number.isFinite(rssKb) ? rssKb / 1024 : undefined,
    status: result.status ?? -1,
  };
}

function change(address: string, type: string, after: object, afterUnknown: object = {}) {
  const name = address.split('.').pop();
  return {
    address,
    mode: 'managed',
    type,
    name,
    change: { actions: ['create'], after, after_unknown: afterUnknown },
  };
}

export function generatePlan(file: string, resources = PLAN_RESOURCES): void {
  const changes = [];
  for (let i = 0; i < resources; i++) {
    if (i % 4 === 0)
      changes.push(
        change(
          `aws_s3_bucket.b${i}`,
          'aws_s3_bucket',
          {
            bucket: `b${i}`,
            acl: i % 8 ? 'private' : 'public-read',
            server_side_encryption_configuration: [],
            logging: [],
          },
          { arn: true, id: true },
        ),
      );
    else if (i % 4 === 1)
      changes.push(
        change(
          `aws_db_instance.d${i}`,
          'aws_db_instance',
          { identifier: `d${i}`, storage_encrypted: i % 3 === 0, publicly_accessible: false },
          { kms_key_id: true },
        ),
      );
    else if (i % 4 === 2)
      changes.push(change(`aws_kms_key.k${i}`, 'aws_kms_key', { enable_key_rotation: i % 2 === 0 }));
    else {
      const policy = JSON.stringify({
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b${i - 3}/*` }],
      });
      changes.push(change(`aws_iam_user_policy.p${i}`, 'aws_iam_user_policy', { user: `u${i}`, policy }));
    }
  }
  const provider = { aws: { name: 'aws', expressions: { region: { constant_value: 'eu-west-1' } } } };
  const plan = {
    format_version: '1.2',
    terraform_version: '1.5.7',
    resource_changes: changes,
    configuration: { provider_config: provider, root_module: { resources: [] } },
  };
  fs.writeFileSync(file, JSON.stringify(plan, null, 1));
}

export function generateLineage(file: string, events = LINEAGE_EVENTS): void {
  const namespace = (k: number) => `postgres://db${k % 300}.internal:5432`;
  const lines: string[] = [];
  for (let i = 0; i < events; i++) {
    const run = Math.floor(i / 2);
    const start = i % 2 === 0;
    const schema = { schema: { fields: [{ name: 'email' }, { name: 'id' }] } };
    lines.push(
      JSON.stringify({
        eventType: start ? 'START' : 'COMPLETE',
        eventTime: '2026-11-30T00:00:00Z',
        run: { runId: `run-${run}` },
        job: { namespace: 'airflow', name: `job${run % 500}` },
        inputs: start ? [{ namespace: namespace(run), name: 'public.customers', facets: schema }] : [],
        outputs: start ? [] : [{ namespace: namespace(run + 7), name: 'public.copy' }],
        producer: 'https://example.com/bench',
      }),
    );
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

export function importRows(): Row[] {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-import-bench-'));
  try {
    const plan = path.join(work, 'plan.json');
    const lineage = path.join(work, 'lineage.jsonl');
    generatePlan(plan);
    generateLineage(lineage);
    const output = path.join(work, 'report.json');
    const rows: Row[] = [];
    for (const [label, file, units, extra] of [
      [`Terraform plan, ${PLAN_RESOURCES.toLocaleString('en')} resources`, plan, PLAN_RESOURCES, []],
      [
        `OpenLineage, ${LINEAGE_EVENTS.toLocaleString('en')} events`,
        lineage,
        LINEAGE_EVENTS,
        ['--infer-categories'],
      ],
    ] as [string, string, number, string[]][]) {
      const imported = timed([
        'import',
        file.endsWith('.jsonl') ? 'openlineage' : 'terraform-plan',
        file,
        '-o',
        path.join(work, 'out.yaml'),
        ...extra,
      ]);
      const scan = timed([
        'scan',
        file,
        '--format',
        'json',
        '--output',
        output,
        '--fail-on',
        'none',
        ...extra,
      ]);
      if (scan.status !== 0 || imported.status !== 0)
        throw new Error(`import benchmark failed on ${label} (${scan.status})`);
      const mb = (fs.statSync(file).size / 1e6).toFixed(1);
      rows.push(
        [`${label} (${mb} MB): import only (vigil import)`, `${imported.seconds.toFixed(2)} s`, ''],
        [`${label}: import + scan`, `${scan.seconds.toFixed(2)} s`, ''],
        [`${label}: per second`, Math.round(units / scan.seconds).toLocaleString('en'), ''],
        [`${label}: peak RSS`, scan.peakRssMb ? `${scan.peakRssMb.toFixed(0)} MB` : 'n/a', ''],
      );
    }
    return rows;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
