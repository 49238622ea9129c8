import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateCorpus } from './corpus-generator';

/**
 * Rule evaluation against the parse floor, in CPU time (user + sys: the machine is often
 * shared, and wall time then measures the neighbours): js-yaml loadAll of every file in one
 * process, against a one-thread scan to JSON. On the finding-dense corpus of
 * ../shared/bench/gen_corpus.py (1,000 manifests, ~90,000 findings) and on the bench corpus.
 */
const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'vigil.js');
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const DENSE_GENERATOR = path.join(ROOT, '..', 'shared', 'bench', 'gen_corpus.py');

/** js-yaml's loadAll of every YAML file below a folder, timed inside the child: its CPU seconds. */
const PARSE_FLOOR = `
const fs = require('node:fs'), path = require('node:path'), yaml = require('js-yaml');
const files = [];
const walk = (dir) => { for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
  const full = path.join(dir, e.name);
  if (e.isDirectory()) walk(full); else if (/\\.(ya?ml|json)$/.test(e.name)) files.push(full);
} };
walk(process.argv[1]);
const start = process.cpuUsage();
for (const file of files.sort()) yaml.loadAll(fs.readFileSync(file, 'utf8'), () => {});
const used = process.cpuUsage(start);
process.stdout.write(String((used.user + used.system) / 1e6));
`;

function parseFloorSeconds(corpus: string): number {
  const result = spawnSync(process.execPath, ['-e', PARSE_FLOOR, corpus], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`parse floor failed: ${result.stderr}`);
  return Number(result.stdout);
}

/** CPU seconds of a one-thread scan to JSON (wall seconds without GNU time), and its findings. */
function scanSeconds(corpus: string, output: string): { seconds: number; cpu: boolean; findings: number } {
  const args = [CLI, 'scan', corpus, '--format', 'json', '--output', output, '--fail-on', 'none'];
  const env = { ...process.env, VIGIL_SCAN_THREADS: '1' };
  const started = process.hrtime.bigint();
  const result = TIME
    ? spawnSync(TIME, ['-f', '%U %S', process.execPath, ...args], { encoding: 'utf8', env })
    : spawnSync(process.execPath, args, { encoding: 'utf8', env });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`scan of ${corpus} failed: ${result.stderr}`);
  const [user, sys] = TIME ? result.stderr.trim().split('\n').pop()!.split(' ').map(Number) : [NaN, NaN];
  const findings = (JSON.parse(fs.readFileSync(output, 'utf8')) as { findings: unknown[] }).findings.length;
  return TIME ? { seconds: user + sys, cpu: true, findings } : { seconds: wall, cpu: false, findings };
}

function corpusRows(
  name: string,
  corpus: string,
  output: string,
  target: string,
): [string, string, string][] {
  const floor = Math.min(...[1, 2].map(() => parseFloorSeconds(corpus)));
  const scans = [1, 2].map(() => scanSeconds(corpus, output));
  const scan = scans.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const unit = scan.cpu ? 's CPU' : 's wall (no /usr/bin/time)';
  return [
    [`${name}: findings`, String(scan.findings), ''],
    [`${name}: parse floor (js-yaml loadAll, one process)`, `${floor.toFixed(2)} s CPU`, ''],
    [`${name}: scan, one thread, JSON`, `${scan.seconds.toFixed(2)} ${unit}`, ''],
    [`${name}: scan / parse floor`, (scan.seconds / floor).toFixed(1), target],
  ];
}

export function ruleEvaluationRows(): [string, string, string][] {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-rules-bench-'));
  const output = path.join(work, 'report.json');
  try {
    const rows: [string, string, string][] = [];
    const dense = path.join(work, 'dense');
    const generated = fs.existsSync(DENSE_GENERATOR)
      ? spawnSync('python3', [DENSE_GENERATOR, dense, '1000', '7'], { encoding: 'utf8' })
      : undefined;
    if (generated?.status === 0) {
      rows.push(...corpusRows('dense corpus (1,000 manifests)', dense, output, '<= 3'));
    } else {
      const why = generated ? `gen_corpus.py failed: ${generated.stderr.trim()}` : `no ${DENSE_GENERATOR}`;
      rows.push(['dense corpus (1,000 manifests)', `skipped (${why})`, '<= 3']);
    }
    const corpus = path.join(work, 'corpus');
    generateCorpus(corpus);
    rows.push(...corpusRows('bench corpus', corpus, output, ''));
    return rows;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
