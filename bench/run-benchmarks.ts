import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateCorpus } from './corpus-generator';
import { consoleBundleRows } from './console-benchmarks';
import { denseCorpusRows } from './dense-corpus';
import { findingGraphRows } from './finding-graph-benchmarks';
import { hostileInputRows } from './hostile-inputs';
import { importRows } from './import-benchmarks';
import { keyLookupRows } from './key-lookup';
import { ruleEvaluationRows } from './rule-evaluation';
import { runReportBenchmarks } from './report-benchmarks';
import { runServiceBenchmarks } from './service-benchmarks';

/**
 * `npm run bench`: scanner throughput, end to end through the CLI, on a generated corpus; then
 * the service (service-benchmarks.ts): scan ingestion and GET /findings latency under load;
 * compliance reports of 10,000 findings in every format (report-benchmarks.ts); the console's
 * finding graph of a 40-system manifest: its layout and GET /findings/:id/graph (finding-graph-benchmarks.ts).
 * Peak RSS comes from GNU time when it is installed (/usr/bin/time).
 */
const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'vigil.js');
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

interface Run {
  seconds: number;
  peakRssMb?: number;
  status: number;
}

function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Run {
  const command = TIME ? TIME : process.execPath;
  const commandArgs = TIME ? ['-f', '%M', process.execPath, CLI, ...args] : [CLI, ...args];
  const started = process.hrtime.bigint();
  const result = spawnSync(command, commandArgs, { encoding: 'utf8', maxBuffer: 1 << 30, env });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rssKb = TIME ? Number(result.stderr.trim().split('\n').pop()) : NaN;
  return {
    seconds,
    peakRssMb: Number.isFinite(rssKb) ? rssKb / 1024 : undefined,
    status: result.status ?? -1,
  };
}

function best(runs: Run[]): Run {
  return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  // VIGIL_BENCH_ONLY=dense: the finding-dense rows alone (a few minutes instead of the whole bench).
  if (process.env.VIGIL_BENCH_ONLY === 'dense') return printTable(await denseCorpusRows());
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-'));
  const corpus = path.join(work, 'corpus');
  const generated = generateCorpus(corpus);
  const output = path.join(work, 'report.json');
  const small = path.join(ROOT, 'examples', 'invoice-archive-compliant.yaml');

  const parse = best([1, 2, 3].map(() => runCli(['validate', corpus])));
  const scan = best(
    [1, 2, 3].map(() =>
      runCli(['scan', corpus, '--format', 'json', '--output', output, '--fail-on', 'none']),
    ),
  );
  const oneThread = best(
    [1, 2].map(() =>
      runCli(['scan', corpus, '--format', 'json', '--output', output, '--fail-on', 'none'], {
        ...process.env,
        VIGIL_SCAN_THREADS: '1',
      }),
    ),
  );
  const findings = (JSON.parse(fs.readFileSync(output, 'utf8')) as { findings: unknown[] }).findings.length;
  const cold = [...Array(10)].map(() => runCli(['scan', small, '--format', 'json']).seconds);
  if (parse.status !== 0 || scan.status !== 0 || oneThread.status !== 0)
    throw new Error(`benchmark run failed (validate ${parse.status}, scan ${scan.status})`);

  const rows: [string, string, string][] = [
    [
      'corpus',
      `${generated.files} files, ${(generated.bytes / 1e6).toFixed(1)} MB, ${generated.resources} resources`,
      '',
    ],
    ['findings', String(findings), ''],
    ['parse-only (vigil validate)', `${parse.seconds.toFixed(2)} s`, ''],
    [
      'full scan (vigil scan, one thread a core)',
      `${scan.seconds.toFixed(2)} s (${os.availableParallelism()} cores)`,
      '',
    ],
    ['full scan, one thread (VIGIL_SCAN_THREADS=1)', `${oneThread.seconds.toFixed(2)} s`, ''],
    ['scan / parse ratio', (scan.seconds / parse.seconds).toFixed(2), '<= 3'],
    [
      'resources per second',
      Math.round(generated.resources / scan.seconds).toLocaleString('en'),
      '>= 20,000',
    ],
    [
      'peak RSS, full scan',
      scan.peakRssMb ? `${scan.peakRssMb.toFixed(0)} MB` : 'n/a (no /usr/bin/time)',
      '< 300 MB',
    ],
    ['cold start, one small manifest (median of 10)', `${(median(cold) * 1000).toFixed(0)} ms`, '< 250 ms'],
  ];
  fs.rmSync(work, { recursive: true, force: true });
  rows.push(...importRows());
  rows.push(...(await denseCorpusRows()));
  rows.push(...hostileInputRows());
  rows.push(...ruleEvaluationRows());
  rows.push(...(await keyLookupRows()));
  rows.push(...(await runServiceBenchmarks()));
  rows.push(...(await runReportBenchmarks()));
  rows.push(...(await findingGraphRows()));
  rows.push(...consoleBundleRows());
  printTable(rows);
}

function printTable(rows: [string, string, string][]): void {
  const widths = [0, 1, 2].map((i) =>
    Math.max(...rows.map((row) => row[i].length), ['measure', 'value', 'target'][i].length),
  );
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(['measure', 'value', 'target']));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}

main().catch((error: Error) => {
  process.stderr.write(`vigil bench: ${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
