import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The finding-dense estate of issue 10: `gen_corpus.py DIR N 7` from ../shared/bench (not part of
 * the repository; without it these rows say so). For 1,000 and 5,000 manifests: the js-yaml parse
 * floor in one process, the full scan to SARIF (wall and CPU), and peak RSS; at 5,000, JSON and
 * JUnit as well, and with VIGIL_BENCH_DENSE_UPLOAD=1 the upload through `--server` with the
 * service's peak RSS.
 */
const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'vigil.js');
const GENERATOR = path.join(ROOT, '..', 'shared', 'bench', 'gen_corpus.py');
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const SIZES = [1000, 5000];
/** The upload through `--server` of the largest estate: opt-in, it takes minutes (VIGIL_BENCH_DENSE_UPLOAD=1). */
const UPLOAD = process.env.VIGIL_BENCH_DENSE_UPLOAD === '1';
/** Generous for the dense 5,000 (about 460,000 findings, 98 MB of manifests). */
const UPLOAD_TIMEOUT_SECONDS = 3600;

type Row = [string, string, string];

interface Timed {
  seconds: number;
  /** User + system CPU of the process and its threads (GNU time only). */
  cpuSeconds?: number;
  peakRssMb?: number;
  status: number;
  stderr: string;
}

/** A child process, with its peak RSS from GNU time, or from its own resourceUsage() without it. */
function timed(args: string[]): Timed {
  const started = process.hrtime.bigint();
  const result = TIME
    ? spawnSync(TIME, ['-f', '%U %S %M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(
        process.execPath,
        [
          '-e',
          `process.on('exit',()=>process.stderr.write('\\n'+process.resourceUsage().maxRSS));process.argv.splice(1,1);require(process.argv[1])`,
          '--',
          ...args,
        ],
        { encoding: 'utf8', maxBuffer: 1 << 28 },
      );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const last = result.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  const rssKb = last[last.length - 1];
  return {
    seconds,
    cpuSeconds: TIME ? last[0] + last[1] : undefined,
    peakRssMb: Number.isFinite(rssKb) ? rssKb / 1024 : undefined,
    status: result.status ?? -1,
    stderr: result.stderr,
  };
}

/** js-yaml loadAll of every file, in one process: what parsing alone costs. */
const PARSE_FLOOR = `
const fs = require('fs'), path = require('path'), yaml = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'js-yaml'))});
const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(path.join(dir, e.name)) : /\\.(ya?ml|json)$/.test(e.name) ? [path.join(dir, e.name)] : []);
let documents = 0;
for (const file of walk(process.argv[1])) yaml.loadAll(fs.readFileSync(file, 'utf8'), () => documents++);
`;

/** Results in a SARIF log, counted line by line: the log is too large to parse in the bench. */
function countResults(sarif: string): number {
  const fd = fs.openSync(sarif, 'r');
  const buffer = Buffer.alloc(1 << 20);
  let count = 0;
  let carry = '';
  for (let read; (read = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0;) {
    const lines = (carry + buffer.toString('utf8', 0, read)).split('\n');
    carry = lines.pop()!;
    for (const line of lines) if (line.startsWith('          "ruleId": ')) count++;
  }
  fs.closeSync(fd);
  return count;
}

function resourcesIn(dir: string): number {
  let resources = 0;
  for (const file of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!/\.ya?ml$/.test(file)) continue;
    resources += (fs.readFileSync(path.join(dir, file), 'utf8').match(/^\s+- id: /gm) ?? []).length;
  }
  return resources;
}

const cpu = (run: Timed) => (run.cpuSeconds === undefined ? '' : ` (CPU ${run.cpuSeconds.toFixed(1)} s)`);
const mb = (run: Timed) => (run.peakRssMb ? `${run.peakRssMb.toFixed(0)} MB` : 'n/a');

export async function denseCorpusRows(): Promise<Row[]> {
  if (!fs.existsSync(GENERATOR)) {
    return [['dense corpus (gen_corpus.py)', `skipped: ${GENERATOR} not found`, '']];
  }
  const rows: Row[] = [];
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-dense-'));
  try {
    for (const size of SIZES) {
      const corpus = path.join(work, `dense-${size}`);
      const generated = spawnSync('python3', [GENERATOR, corpus, String(size), '7'], { encoding: 'utf8' });
      if (generated.status !== 0) {
        rows.push([`dense ${size}`, `skipped: gen_corpus.py failed (${generated.stderr.trim()})`, '']);
        continue;
      }
      const resources = resourcesIn(corpus);
      const parse = timed(['-e', PARSE_FLOOR, corpus]);
      const sarif = path.join(work, `dense-${size}.sarif`);
      const scan = timed([CLI, 'scan', corpus, '--format', 'sarif', '--output', sarif, '--fail-on', 'none']);
      const label = `dense ${size.toLocaleString('en')}`;
      if (scan.status !== 0) {
        rows.push([
          `${label}: full scan (SARIF)`,
          `failed (${scan.stderr.trim().split('\n').slice(-2).join(' ')})`,
          '',
        ]);
        continue;
      }
      rows.push(
        [`${label}: manifests, resources`, `${size}, ${resources.toLocaleString('en')}`, ''],
        [`${label}: findings`, countResults(sarif).toLocaleString('en'), ''],
        [`${label}: parse floor (js-yaml loadAll, one process)`, `${parse.seconds.toFixed(2)} s`, ''],
        [`${label}: full scan, SARIF to a file`, `${scan.seconds.toFixed(2)} s${cpu(scan)}`, ''],
        [
          `${label}: scan / parse floor`,
          (scan.seconds / parse.seconds).toFixed(1),
          size === 1000 ? '<= 3' : '',
        ],
        [`${label}: resources per second`, Math.round(resources / scan.seconds).toLocaleString('en'), ''],
        [`${label}: peak RSS, SARIF`, mb(scan), size === 1000 ? '< 300 MB' : '< 400 MB'],
      );
      fs.rmSync(sarif, { force: true });
      if (size !== 5000) continue;
      if (UPLOAD) rows.push(...(await uploadRows(corpus, label)));
      for (const format of ['json', 'junit']) {
        const output = path.join(work, `dense-${size}.${format}`);
        const run = timed([CLI, 'scan', corpus, '--format', format, '--output', output, '--fail-on', 'none']);
        rows.push([
          `${label}: full scan, ${format} to a file`,
          run.status === 0
            ? `${run.seconds.toFixed(2)} s, peak RSS ${mb(run)}`
            : `failed (exit ${run.status})`,
          '< 400 MB',
        ]);
        fs.rmSync(output, { force: true });
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return rows;
}

/**
 * `vigil scan DIR --server`: the service (its own process, its own database) scans and stores
 * the estate; its peak RSS is the kernel's high-water mark of that process (VmHWM).
 */
async function uploadRows(corpus: string, label: string): Promise<Row[]> {
  // Loaded here: the service's modules are not needed by the rows above.
  const { benchDatabase } = await import('./service-benchmarks');
  const { startService } = await import('./service-process');
  const database = await benchDatabase();
  try {
    const token = randomBytes(24).toString('base64url');
    const service = await startService(database.url, token, {
      VIGIL_MAX_UPLOAD_BYTES: String(1024 * 1024 * 1024),
      VIGIL_MAX_FINDINGS_PER_SCAN: '5000000',
    });
    try {
      const upload = timed([
        CLI, 'scan', corpus, '--server', service.base, '--token', token, '--project', 'dense',
        '--fail-on', 'none', '--server-timeout', String(UPLOAD_TIMEOUT_SECONDS),
      ]);
      const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${service.pid}/status`, 'utf8'));
      const recorded = /recorded scan [0-9a-f-]+: (.*)/.exec(upload.stderr)?.[1];
      return [
        [
          `${label}: upload through --server`,
          upload.status === 0 && recorded
            ? `${upload.seconds.toFixed(0)} s: ${recorded}`
            : `failed (exit ${upload.status}: ${upload.stderr.trim().split('\n').slice(-2).join(' ')})`,
          'succeeds',
        ],
        [`${label}: service peak RSS (VmHWM), upload`, hwm ? `${(Number(hwm[1]) / 1024).toFixed(0)} MB` : 'n/a', ''],
      ];
    } finally {
      await service.stop();
    }
  } finally {
    await database.drop();
  }
}
