import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * What a PostgreSQL server wrote into <data folder>/postmaster.pid when it started: the PID on
 * the first line, then the data folder, start time, port, socket folder, listen address, and
 * the key and id of its System V shared memory segment.
 */
export interface PostmasterLock {
  file: string;
  /** NaN when the file is empty or cut short (a server killed while writing it). */
  pid: number;
  port: number | undefined;
  sharedMemoryKey: number | undefined;
}

/** Who the PID in postmaster.pid is now. Only `running` means a server may use the folder. */
export type LockHolder =
  | { state: 'running'; pid: number }
  | { state: 'stale'; pid: number; reason: string }
  /** The process exists but this platform cannot tell what it is (no /proc). */
  | { state: 'unknown'; pid: number };

const LOCK_FILE = 'postmaster.pid';

export function readPostmasterLock(pgDir: string): PostmasterLock | undefined {
  const file = path.join(pgDir, LOCK_FILE);
  let lines: string[];
  try {
    lines = fs.readFileSync(file, 'utf8').split('\n');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const port = Number.parseInt(lines[3] ?? '', 10);
  const key = Number.parseInt((lines[6] ?? '').trim().split(/\s+/)[0] ?? '', 10);
  return {
    file,
    pid: /^\d+$/.test(lines[0]?.trim() ?? '') ? Number(lines[0]) : NaN,
    port: Number.isNaN(port) ? undefined : port,
    sharedMemoryKey: Number.isNaN(key) || key === 0 ? undefined : key,
  };
}

/**
 * Whether the lock's PID is a live PostgreSQL server of this data folder. A PID that exists is
 * not enough: after a kill the server lingers as a zombie until reaped (for ever in a container
 * without an init process), and after a reboot the PID may belong to another program.
 */
export function inspectLockHolder(lock: PostmasterLock, pgDir: string): LockHolder {
  const pid = lock.pid;
  if (Number.isNaN(pid)) return { state: 'stale', pid, reason: 'the file holds no PID' };
  if (pid === process.pid) return { state: 'stale', pid, reason: 'it is this process' };
  if (!hasProc()) {
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH')
        return { state: 'stale', pid, reason: 'no such process' };
    }
    return { state: 'unknown', pid };
  }
  const state = processState(pid);
  if (state === undefined) return { state: 'stale', pid, reason: 'no such process' };
  if (state === 'Z' || state === 'X')
    return { state: 'stale', pid, reason: 'it is a zombie (dead, not yet reaped)' };
  if (!isPostgres(pid)) return { state: 'stale', pid, reason: `it is another program (${commandOf(pid)})` };
  // A server works in its data folder; /proc hides that of another user's process, not its -D.
  const folder = workingFolder(pid) ?? dataFolderArgument(pid);
  if (folder === undefined) return { state: 'unknown', pid };
  if (folder !== realFolder(pgDir))
    return { state: 'stale', pid, reason: 'it is a PostgreSQL of another data folder' };
  return { state: 'running', pid };
}

/**
 * PostgreSQL processes still at work in the data folder (every one works in its data folder:
 * the children of a killed server outlive it until they notice, a moment later), and how many
 * processes are still attached to the old server's shared memory. A shell that merely sits in
 * the folder does not count. Empty where /proc is missing.
 */
export function folderUsers(pgDir: string, lock?: PostmasterLock): string[] {
  if (!hasProc()) return [];
  const folder = realFolder(pgDir);
  const users: string[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    const state = processState(pid);
    if (state === undefined || state === 'Z' || state === 'X') continue;
    if (workingFolder(pid) === folder && isPostgres(pid)) users.push(`PID ${pid} (${commandOf(pid)})`);
  }
  const attached = lock?.sharedMemoryKey === undefined ? 0 : sharedMemoryAttachments(lock.sharedMemoryKey);
  if (attached > 0)
    users.push(`${attached} process(es) attached to its shared memory (key ${lock!.sharedMemoryKey})`);
  return users;
}

function hasProc(): boolean {
  return process.platform === 'linux' && fs.existsSync('/proc/self/stat');
}

/** The state letter of /proc/PID/stat (R, S, D, Z, ...), undefined when there is no such process. */
export function processState(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name, in parentheses, may itself hold spaces and parentheses.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

function isPostgres(pid: number): boolean {
  let executable = '';
  try {
    executable = path.basename(fs.readlinkSync(`/proc/${pid}/exe`));
  } catch {
    // Another user's process: /proc hides its executable, its command line is still readable.
  }
  return /^postgres/.test(executable) || /(^|\/)postgres(\s|:|$)/.test(commandOf(pid));
}

function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim().slice(0, 120);
  } catch {
    return '?';
  }
}

function workingFolder(pid: number): string | undefined {
  try {
    return fs.readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined;
  }
}

function dataFolderArgument(pid: number): string | undefined {
  let argv: string[];
  try {
    argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return undefined;
  }
  const at = argv.indexOf('-D');
  return at >= 0 && argv[at + 1] ? realFolder(argv[at + 1]) : undefined;
}

function realFolder(folder: string): string {
  try {
    return fs.realpathSync(folder);
  } catch {
    return path.resolve(folder);
  }
}

/** nattch of the System V segment with this key in /proc/sysvipc/shm, 0 when there is none. */
function sharedMemoryAttachments(key: number): number {
  let table: string;
  try {
    table = fs.readFileSync('/proc/sysvipc/shm', 'utf8');
  } catch {
    return 0;
  }
  const [header, ...rows] = table.trim().split('\n');
  const columns = header.trim().split(/\s+/);
  const keyAt = columns.indexOf('key');
  const attachedAt = columns.indexOf('nattch');
  for (const row of rows) {
    const cells = row.trim().split(/\s+/);
    if (Number(cells[keyAt]) === key) return Number(cells[attachedAt]) || 0;
  }
  return 0;
}
