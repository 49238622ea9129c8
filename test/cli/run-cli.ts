import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

export const REPO_ROOT = path.join(__dirname, '..', '..');

/** Runs the built `vigil` binary (npm test builds first) from the repository root. */
export function runCli(args: string[], cwd = REPO_ROOT): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'vigil.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
