import { execFile, spawnSync } from 'node:child_process';
import * as path from 'node:path';

export const REPO_ROOT = path.join(__dirname, '..', '..');

/**
 * What a test's `vigil scan` judges dates against (suppression and certificate expiry, adequacy
 * decisions) unless the test gives its own --now: the verdicts do not change with the day the
 * suite runs.
 */
export const CLI_NOW = '2026-12-01T12:00:00Z';

function withFixedClock(args: string[]): string[] {
  return args[0] === 'scan' && !args.includes('--now') ? [...args, '--now', CLI_NOW] : args;
}

/** Runs the built `vigil` binary (npm test builds first) from the repository root. */
export function runCli(
  args: string[],
  cwd = REPO_ROOT,
  env: Record<string, string> = {},
): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(
    process.execPath,
    [path.join(REPO_ROOT, 'bin', 'vigil.js'), ...withFixedClock(args)],
    {
      cwd,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: '1', ...env },
    },
  );
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** The same, without blocking the event loop: for tests that serve the API in this process. */
export function runCliAsync(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(REPO_ROOT, 'bin', 'vigil.js'), ...withFixedClock(args)],
      { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ status, stdout, stderr });
      },
    );
  });
}
