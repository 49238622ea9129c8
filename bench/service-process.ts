import { spawn } from 'node:child_process';
import * as path from 'node:path';

export interface ServiceProcess {
  base: string;
  /** The service's process id (its memory is read from /proc). */
  pid: number;
  stop(): Promise<void>;
}

/** The service as built by `npm run build` (the bench compiles to bench-dist/bench/). */
const MAIN = path.join(__dirname, '..', '..', 'dist', 'main.js');
const STARTUP_MS = 60_000;

/**
 * The service as `npm start` runs it, in a process of its own on DATABASE_URL, so that what
 * the bench itself allocates and computes does not share its heap or event loop. Request logs
 * are written (LOG_LEVEL info, as in production) and thrown away. `env` overrides the limits.
 */
export function startService(
  databaseUrl: string,
  token: string,
  env: NodeJS.ProcessEnv = {},
): Promise<ServiceProcess> {
  // e.g. VIGIL_BENCH_SERVICE_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the service
  // (Node refuses --cpu-prof in NODE_OPTIONS).
  const nodeArgs = process.env.VIGIL_BENCH_SERVICE_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, MAIN], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      VIGIL_ADMIN_TOKEN: token,
      HOST: '127.0.0.1',
      PORT: '0',
      VIGIL_MAX_UPLOAD_BYTES: String(256 * 1024 * 1024),
      LOG_LEVEL: 'info',
      // The load measures the service, not the limiter: 50 connections are far past a key's limit.
      VIGIL_RATE_LIMIT_ADMIN: '10000000',
      VIGIL_RATE_LIMIT_SECURITY_OFFICER: '10000000',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(
      () => fail(new Error(`the service did not start in ${STARTUP_MS} ms`)),
      STARTUP_MS,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      void stop();
      reject(new Error(`${error.message}\n${stderr}`));
    };
    const exitedEarly = (code: number | null) => fail(new Error(`the service exited with code ${code}`));
    child.once('exit', exitedEarly);
    child.stderr.setEncoding('utf8');
    const started = (chunk: string) => {
      stderr += chunk;
      const serving = /serving on http:\/\/localhost:(\d+)/.exec(stderr);
      if (!serving) return;
      clearTimeout(timer);
      child.off('exit', exitedEarly);
      child.stderr.off('data', started).resume();
      resolve({ base: `http://127.0.0.1:${serving[1]}`, pid: child.pid!, stop });
    };
    child.stderr.on('data', started);
  });
}
