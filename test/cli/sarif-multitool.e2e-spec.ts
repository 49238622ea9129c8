import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Log } from 'sarif';
import { REPO_ROOT, runCli } from './run-cli';

/**
 * Microsoft's SARIF Multitool (a .NET program shipped in its npm package) is the validator code
 * scanning services follow: a result it rejects (e.g. SARIF1004, a location that is not a URI)
 * is a result they drop. Invariant globalization spares it the ICU library.
 */
const MULTITOOL = path.join(REPO_ROOT, 'node_modules', '.bin', 'sarif-multitool');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-multitool-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function validationErrors(sarif: string): string[] {
  const output = path.join(tmp, `${path.basename(sarif)}.validation.sarif`);
  const run = spawnSync(MULTITOOL, ['validate', '--output', output, sarif], {
    encoding: 'utf8',
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
  });
  expect(run.stdout).toMatch(/Analysis completed successfully/);
  const log = JSON.parse(fs.readFileSync(output, 'utf8')) as Log;
  return (log.runs[0].results ?? [])
    .filter((result) => result.level === 'error')
    .map((result) => `${result.ruleId}: ${result.message.text ?? JSON.stringify(result.message)}`);
}

function scanToSarif(name: string, args: string[]): { file: string; log: Log } {
  const file = path.join(tmp, `${name}.sarif`);
  const { status, stderr } = runCli([
    'scan',
    ...args,
    '--format',
    'sarif',
    '--output',
    file,
    '--fail-on',
    'none',
  ]);
  expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
  return { file, log: JSON.parse(fs.readFileSync(file, 'utf8')) as Log };
}

describe('SARIF under the SARIF Multitool', () => {
  it('validates with zero errors for the examples scanned by relative path', () => {
    const { file, log } = scanToSarif('relative', ['examples/']);
    expect(validationErrors(file)).toEqual([]);
    const location = log.runs[0].results![0].locations![0].physicalLocation!.artifactLocation!;
    expect(location).toEqual({
      uri: expect.stringMatching(/^examples\/[a-z-]+\.yaml$/),
      uriBaseId: '%SRCROOT%',
    });
    expect(log.runs[0].originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: `file://${REPO_ROOT}/` } });
  });

  it('validates with zero errors for the examples scanned by absolute path, locations still relative', () => {
    const { file, log } = scanToSarif('absolute', [path.join(REPO_ROOT, 'examples')]);
    expect(validationErrors(file)).toEqual([]);
    const location = log.runs[0].results![0].locations![0].physicalLocation!.artifactLocation!;
    expect(location.uriBaseId).toBe('%SRCROOT%');
    expect(location.uri).toMatch(/^examples\//);
  });

  it('validates with zero errors with files outside --sarif-root, as absolute file:// URIs', () => {
    const root = path.join(REPO_ROOT, 'test');
    const { file, log } = scanToSarif('outside', [path.join(REPO_ROOT, 'examples'), '--sarif-root', root]);
    expect(validationErrors(file)).toEqual([]);
    const location = log.runs[0].results![0].locations![0].physicalLocation!.artifactLocation!;
    expect(location).toEqual({ uri: expect.stringMatching(new RegExp(`^file://${REPO_ROOT}/examples/`)) });
    expect(log.runs[0].originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: `file://${REPO_ROOT}/test/` } });
  });
});
