import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { folderUrl } from '../../src/output/render-sarif';
import { REPO_ROOT, runCli } from '../cli/run-cli';

/**
 * Every format, as `vigil scan` writes it, byte for byte: the snapshots were written by the
 * whole-string renderers that the streamed ones replaced, so a change here is a change of output.
 * They hold a digest and the length of each output rather than megabytes of text. One change was
 * made on purpose: a JUnit check gets the findings of its own file (two fixture files hold
 * manifests of the same name, whose findings the old renderer pooled into the first file's case);
 * and SARIF locations became relative to %SRCROOT% (issue 10, item 4).
 * The rule fixtures are more than 64 files, so that scan runs in the worker pool.
 */
const FORMATS = ['json', 'sarif', 'junit', 'markdown', 'table'] as const;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-streamed-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function scanAllFormats(name: string, args: string[]): Record<string, string> {
  const outputs = FORMATS.map((format) => path.join(tmp, `${name}.${format}`));
  const { status, stderr } = runCli([
    'scan',
    ...args,
    '--fail-on',
    'none',
    // The fixtures' certificates expire on fixed days: the digests hold for one scan time.
    '--now',
    '2026-12-01T12:00:00Z',
    ...FORMATS.flatMap((format, i) => ['--format', format, '--output', outputs[i]]),
  ]);
  expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
  return Object.fromEntries(FORMATS.map((format, i) => [format, fingerprint(fs.readFileSync(outputs[i]))]));
}

/** SARIF names the checkout (its source root): the digest must not depend on where that is. */
function fingerprint(output: Buffer): string {
  const text = Buffer.from(output.toString('utf8').replaceAll(folderUrl(REPO_ROOT), 'file:///checkout/'));
  return `${text.length} bytes, sha256 ${createHash('sha256').update(text).digest('hex')}`;
}

describe('streamed output', () => {
  it('is the same as before for the examples', () => {
    const outputs = scanAllFormats('examples', ['examples/']);
    for (const format of FORMATS) expect(outputs[format]).toMatchSnapshot(format);
  });

  it('is the same as before for the rule fixtures, scanned in worker threads', () => {
    const outputs = scanAllFormats('fixtures', ['test/fixtures/rules/']);
    for (const format of FORMATS) expect(outputs[format]).toMatchSnapshot(format);
  });

  it('is the same as before for files named out of order (findings sorted across files)', () => {
    const outputs = scanAllFormats('reversed', [
      'examples/support-assistant.yaml',
      'test/fixtures/rules/AC-002/',
      'examples/payroll-sync.yaml',
      'examples/customer-data-platform.yaml',
    ]);
    for (const format of FORMATS) expect(outputs[format]).toMatchSnapshot(format);
  });

  it('is the same as before against a baseline with new, unchanged and absent findings', () => {
    const baselineFile = path.join(tmp, 'baseline.json');
    expect(runCli(['baseline', 'examples/payroll-sync.yaml', '--output', baselineFile]).status).toBe(0);
    const baseline = JSON.parse(fs.readFileSync(baselineFile, 'utf8'));
    baseline.findings.push({ ...baseline.findings[0], fingerprint: 'gone', message: 'fixed since' });
    fs.writeFileSync(baselineFile, JSON.stringify(baseline));
    const outputs = scanAllFormats('baseline', ['examples/', '--baseline', baselineFile]);
    for (const format of FORMATS) expect(outputs[format]).toMatchSnapshot(format);
  });
});
