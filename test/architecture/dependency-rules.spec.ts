import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

interface Violation {
  rule: string;
  from: string;
  to: string;
  cycle?: string[];
}

/** dependency-cruiser is an ES module: its API runs in a child process (scripts/check-dependencies.mjs). */
function violations(...args: string[]): Violation[] {
  try {
    return JSON.parse(
      execFileSync(process.execPath, ['scripts/check-dependencies.mjs', '--json', ...args], {
        cwd: ROOT,
        encoding: 'utf8',
      }),
    );
  } catch (error) {
    const { status, stdout } = error as { status: number; stdout: string };
    if (status !== 1) throw error;
    return JSON.parse(stdout);
  }
}

describe('import direction (.dependency-cruiser.cjs)', () => {
  it('holds for the source tree: no cycles, the core imports nothing of the service', () => {
    expect(violations('src')).toEqual([]);
  });

  it('rejects a core file importing a service file and a cycle of two files', () => {
    expect(violations('--base', 'test/fixtures/architecture', 'src')).toEqual([
      {
        rule: 'core-imports-nothing-of-src',
        from: 'src/core/severity.ts',
        to: 'src/findings/finding-status.ts',
      },
      {
        rule: 'no-circular',
        from: 'src/graph/propagation.ts',
        to: 'src/graph/witness.ts',
        cycle: ['src/graph/witness.ts', 'src/graph/propagation.ts'],
      },
      {
        rule: 'scanner-core-is-plain-typescript',
        from: 'src/core/severity.ts',
        to: 'src/findings/finding-status.ts',
      },
    ]);
  });
});
