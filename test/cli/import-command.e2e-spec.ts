import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './run-cli';

const FIXTURES = 'test/fixtures/importers';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-import-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('vigil import', () => {
  it('writes the Vigil manifest of a plan, which scans like a hand-written one', () => {
    const out = path.join(tmp, 'infra.yaml');
    const imported = runCli(['import', 'terraform-plan', `${FIXTURES}/shop.tfplan.json`, '-o', out]);
    expect(imported.status).toBe(0);
    expect(imported.stderr).toContain('systems');
    const text = fs.readFileSync(out, 'utf8');
    expect(text).toContain('apiVersion: vigil/v1');
    expect(text).toContain('id: aws_s3_bucket.exports');
    const scanned = runCli(['scan', out, '--format', 'json']);
    expect(scanned.status).toBe(1);
    const report = JSON.parse(scanned.stdout);
    expect(report.findings.some((f: { ruleId: string; file: string }) => f.ruleId === 'ENC-001' && f.file === out)).toBe(true);
    // Written by hand now: nothing is "not evaluated" any more.
    expect(report.notEvaluated).toBeUndefined();
  });

  it('refuses a format it does not know', () => {
    const result = runCli(['import', 'dbt', `${FIXTURES}/shop.tfplan.json`, '-o', path.join(tmp, 'x.yaml')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown import format 'dbt'");
  });
});

describe('vigil scan of imported sources', () => {
  it('detects the formats by content and prints the not-evaluated counts in the table', () => {
    const result = runCli(['scan', `${FIXTURES}/joined-estate`, '--format', 'table']);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/ENC-007 +system\/reporting-db +test\/fixtures\/importers\/joined-estate\/infra\.tfplan\.json:\d+:\d+/);
    expect(result.stdout).toMatch(/Not evaluated \(\d+\): the sources cannot state what these rules need/);
  });

  it('reads a file as the format --input-format names', () => {
    const result = runCli(['scan', `${FIXTURES}/malformed/no-run-id.json`, '--input-format', 'terraform-plan']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('a Terraform plan is a JSON object');
  });
});
