import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/** `npm start` as a user runs it (node dist/main.js), its stderr collected. */
export interface ServiceProcess {
  child: ChildProcess;
  /** In a process group of its own. */
  detached: boolean;
  stderr(): string;
  /** The exit code, or null when ended by a signal. */
  exited: Promise<number | null>;
}

export interface RunningService extends ServiceProcess {
  url: string;
  /** The admin token generated into the data folder at first start. */
  token: string;
}

/** The environment of a service with an embedded PostgreSQL in dataDir, on a free port. */
export function serviceEnv(dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    VIGIL_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...extra,
  };
  delete env.DATABASE_URL;
  delete env.VIGIL_ADMIN_TOKEN;
  return env;
}

/**
 * `detached` puts the service and its PostgreSQL in a process group of their own, so a test
 * can kill the whole group at once (process.kill(-pid)) as an OOM kill or a power loss would.
 */
export function spawnService(env: NodeJS.ProcessEnv, options: { detached?: boolean } = {}): ServiceProcess {
  const detached = options.detached ?? false;
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'main.js')], {
    env,
    cwd: ROOT,
    detached,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, detached, stderr: () => stderr, exited };
}

/**
 * Resolves with the service's address once it serves; rejects when it exits first or after
 * `withinMs`: a hang detector, and a loaded 2-core machine can take 20 s to start Node and
 * PostgreSQL.
 */
export function servingUrl(service: ServiceProcess, withinMs = 45_000): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no start within ${withinMs / 1000} s:\n${service.stderr()}`)),
      withinMs,
    );
    const check = () => {
      const match = /serving on (http:\/\/localhost:\d+)/.exec(service.stderr());
      if (!match) return;
      clearTimeout(timer);
      service.child.stderr!.off('data', check);
      resolve(match[1]);
    };
    service.child.stderr!.on('data', check);
    void service.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the service exited (${code}) before serving:\n${service.stderr()}`));
    });
  });
}

/** Starts a service on dataDir and waits until it serves. */
export async function startService(
  dataDir: string,
  options: { detached?: boolean; withinMs?: number } = {},
): Promise<RunningService> {
  const service = spawnService(serviceEnv(dataDir), options);
  try {
    const url = await servingUrl(service, options.withinMs);
    const token = fs.readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim();
    return { ...service, url, token };
  } catch (error) {
    stopProcess(service);
    throw error;
  }
}

/** SIGKILLs what a test left running: the whole process group when the service has its own. */
export function stopProcess({ child, detached }: ServiceProcess): void {
  if (child.pid === undefined) return;
  if (detached) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // The group is gone already.
    }
  } else if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
