import '@microsoft/jest-sarif';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { Log } from 'sarif';
import { REPO_ROOT, runCli } from './run-cli';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('vigil scan', () => {
  it('prints the findings of the examples and exits 1', () => {
    const { status, stdout } = runCli(['scan', 'examples/', '--format', 'json']);
    expect(status).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.findings.length).toBeGreaterThan(20);
    expect(report.findings.map((f: { file: string }) => f.file)).toContain('examples/support-assistant.yaml');
  });

  it('exits 0 on the compliant example', () => {
    const { status, stdout } = runCli([
      'scan',
      'examples/invoice-archive-compliant.yaml',
      '--format',
      'table',
    ]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/No findings/);
  });

  it('exits 2 on a broken manifest with file:line:column and scans nothing', () => {
    const { status, stdout, stderr } = runCli([
      'scan',
      'test/fixtures/cli/broken.yaml',
      'examples/',
      '--format',
      'json',
    ]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^test\/fixtures\/cli\/broken\.yaml:11:5: flow 'db-to-nowhere' writes to 'nowhere' is not a system of this manifest/m,
    );
  });

  it('exits 2 on usage errors', () => {
    expect(runCli(['scan', 'no/such/path']).status).toBe(2);
    expect(runCli(['scan', 'examples/', '--format', 'pdf']).status).toBe(2);
    expect(runCli(['scan', 'examples/', '--fail-on', 'severe']).status).toBe(2);
    const unwritable = runCli(['scan', 'examples/', '--format', 'json', '--output', 'no/such/dir/out.json']);
    expect(unwritable.status).toBe(2);
    expect(unwritable.stderr).toBe('vigil: cannot write no/such/dir/out.json: ENOENT\n');
  });

  it('applies the --fail-on threshold', () => {
    expect(runCli(['scan', 'examples/', '--fail-on', 'none', '--format', 'json']).status).toBe(0);
    // support-assistant has a critical finding (AC-003), payroll-sync too.
    expect(
      runCli(['scan', 'examples/support-assistant.yaml', '--fail-on', 'critical', '--format', 'json']).status,
    ).toBe(1);
    const mediumOnly = runCli([
      'scan',
      'examples/support-assistant.yaml',
      '--module',
      'gdpr',
      '--skip',
      'GDPR-TRANSFER-002',
      '--fail-on',
      'high',
      '--format',
      'json',
    ]);
    expect(JSON.parse(mediumOnly.stdout).findings.every((f: { module: string }) => f.module === 'gdpr')).toBe(
      true,
    );
    expect(mediumOnly.status).toBe(0);
  });

  it('writes valid SARIF 2.1.0 with locations, logical names and stable fingerprints', () => {
    const file = path.join(tmp, 'vigil.sarif');
    const { status } = runCli(['scan', 'examples/', '--format', 'sarif', '--output', file]);
    expect(status).toBe(1);
    const log = JSON.parse(fs.readFileSync(file, 'utf8')) as Log;
    expect(log).toBeValidSarifLog();
    const results = log.runs[0].results!;
    const transfer = results.find((r) => r.ruleId === 'GDPR-TRANSFER-001')!;
    expect(transfer.level).toBe('error');
    expect(transfer.locations![0].physicalLocation!.artifactLocation!.uri).toBe(
      'examples/customer-data-platform.yaml',
    );
    expect(transfer.locations![0].physicalLocation!.region!.startLine).toBe(34);
    expect(transfer.locations![0].logicalLocations![0].name).toBe('ads-platform');
    expect(transfer.partialFingerprints!['vigilFingerprint/v1']).toMatch(/^[0-9a-f]{32}$/);
    expect(log.runs[0].tool.driver.rules!.length).toBe(34);
  });

  it('keeps fingerprints when a block moves within the file', () => {
    const original = fs.readFileSync(path.join(REPO_ROOT, 'examples/payroll-sync.yaml'), 'utf8');
    const [head, rest] = original.split('access:\n');
    const grants = rest.split(/\n(?= {2}- id: )/);
    const moved = `${head}access:\n${[...grants]
      .reverse()
      .map((g) => g.trimEnd())
      .join('\n')}\n`;
    const movedFile = path.join(tmp, 'payroll-sync.yaml');
    fs.writeFileSync(movedFile, moved);
    const fingerprints = (file: string) =>
      (
        JSON.parse(runCli(['scan', file, '--format', 'json']).stdout).findings as {
          fingerprint: string;
          line: number;
        }[]
      )
        .map((f) => f.fingerprint)
        .sort();
    expect(fingerprints(movedFile)).toEqual(fingerprints('examples/payroll-sync.yaml'));
  });

  it('writes JUnit XML with a suite per rule and a case per rule and resource', () => {
    const file = path.join(tmp, 'vigil.xml');
    runCli([
      'scan',
      'examples/support-assistant.yaml',
      '--format',
      'junit',
      '--output',
      file,
      '--format',
      'json',
      '--output',
      path.join(tmp, 'a.json'),
    ]);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
      fs.readFileSync(file, 'utf8'),
    );
    const suites = [xml.testsuites.testsuite].flat();
    expect(suites).toHaveLength(34);
    const enc001 = suites.find((suite: { name: string }) => suite.name === 'ENC-001');
    const cases = [enc001.testcase].flat();
    // ENC-001 checks the one storing system of the manifest, and it fails.
    expect(cases).toHaveLength(1);
    expect(cases[0].name).toBe('support-assistant/system/summary-archive');
    expect(cases[0].failure).toBeDefined();
    expect(JSON.parse(fs.readFileSync(path.join(tmp, 'a.json'), 'utf8')).findings.length).toBeGreaterThan(0);
  });

  it('honours inline suppressions with a reason until they expire', () => {
    const { stdout, status } = runCli(['scan', 'test/fixtures/cli/suppressed.yaml', '--format', 'json']);
    const report = JSON.parse(stdout);
    const enc002 = report.findings.filter((f: { ruleId: string }) => f.ruleId === 'ENC-002');
    expect(enc002.find((f: { resource: { id: string } }) => f.resource.id === 'cache').suppression).toEqual({
      source: 'inline',
      reason: 'Ephemeral cache, never backed up',
      expires: '2099-01-01',
    });
    expect(
      enc002.find((f: { resource: { id: string } }) => f.resource.id === 'queue').suppression,
    ).toBeUndefined();
    expect(report.warnings[0].message).toMatch(
      /suppression of ENC-002 on system 'queue' expired on 2020-01-01/,
    );
    expect(status).toBe(1);
  });

  it('judges expiry as of --now, and refuses a --now that is not a date', () => {
    const suppressionOf = (now: string) => {
      const { stdout } = runCli([
        'scan',
        'test/fixtures/cli/suppressed.yaml',
        '--format',
        'json',
        '--now',
        now,
      ]);
      const report = JSON.parse(stdout);
      return report.findings.find(
        (f: { ruleId: string; resource: { id: string } }) =>
          f.ruleId === 'ENC-002' && f.resource.id === 'queue',
      ).suppression;
    };
    // The queue's suppression expires on 2020-01-01: it holds through that day (UTC), not after.
    expect(suppressionOf('2020-01-01T23:59:59Z')).toMatchObject({ source: 'inline', expires: '2020-01-01' });
    expect(suppressionOf('2020-01-02')).toBeUndefined();
    for (const bad of ['yesterday', '2026-13-01', '2026-12-01 12:00']) {
      const refused = runCli(['scan', 'test/fixtures/cli/suppressed.yaml', '--now', bad]);
      expect({ bad, status: refused.status }).toEqual({ bad, status: 2 });
      expect(refused.stderr).toMatch(/--now '.*' is not an ISO 8601 date or date-time/);
    }
  });

  it('lists a manifest’s schema violations top down, as the file reads', () => {
    const manifest = path.join(tmp, 'several-errors.yaml');
    fs.writeFileSync(
      manifest,
      [
        'apiVersion: vigil/v1',
        'kind: Integration',
        'metadata: { name: several-errors }',
        'systems:',
        '  - id: s1',
        '    retentionDays: a year',
        '    encryption: 5',
        '    dataCategories: nope',
        '    kind: 7',
        '',
      ].join('\n'),
    );
    const result = runCli(['scan', manifest]);
    expect(result.status).toBe(2);
    const places = [...result.stderr.matchAll(/several-errors\.yaml:(\d+):\d+: (systems\[0\]\.\w+)/g)];
    expect(places.map(([, line, field]) => `${line} ${field}`)).toEqual([
      '6 systems[0].retentionDays',
      '7 systems[0].encryption',
      '8 systems[0].dataCategories',
      '9 systems[0].kind',
    ]);
  });

  it('treats a suppression without a reason, or for an unknown rule, as an input error', () => {
    const noReason = path.join(tmp, 'no-reason.yaml');
    fs.writeFileSync(
      noReason,
      fs
        .readFileSync(path.join(REPO_ROOT, 'test/fixtures/cli/suppressed.yaml'), 'utf8')
        .replace(/\n {8}reason: .*/g, ''),
    );
    const result = runCli(['scan', noReason]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/no-reason\.yaml:10:\d+: .*missing required field 'reason'/);
    const unknownRule = path.join(tmp, 'unknown-rule.yaml');
    fs.writeFileSync(
      unknownRule,
      fs
        .readFileSync(path.join(REPO_ROOT, 'test/fixtures/cli/suppressed.yaml'), 'utf8')
        .replace('rule: ENC-002', 'rule: ENC-02'),
    );
    expect(runCli(['scan', unknownRule]).stderr).toMatch(
      /unknown rule 'ENC-02' \(did you mean 'ENC-002'\?\)/,
    );
  });

  it('reports only new findings against a baseline', () => {
    const baseline = path.join(tmp, 'baseline.json');
    expect(runCli(['baseline', 'examples/support-assistant.yaml', '-o', baseline]).status).toBe(0);
    const same = runCli([
      'scan',
      'examples/support-assistant.yaml',
      '--baseline',
      baseline,
      '--format',
      'sarif',
    ]);
    expect(same.status).toBe(0);
    const sameLog = JSON.parse(same.stdout) as Log;
    expect(sameLog).toBeValidSarifLog();
    expect(new Set(sameLog.runs[0].results!.map((r) => r.baselineState))).toEqual(new Set(['unchanged']));

    const changed = path.join(tmp, 'support-assistant.yaml');
    const text = fs.readFileSync(path.join(REPO_ROOT, 'examples/support-assistant.yaml'), 'utf8');
    fs.writeFileSync(
      changed,
      text
        .replace(
          '    encryption: { atRest: false }',
          '    encryption: { atRest: true, backupsEncrypted: true }',
        )
        .replace('lawfulBasis: contract\n    mode: batch', 'mode: batch'),
    );
    const next = runCli(['scan', changed, '--baseline', baseline, '--format', 'sarif']);
    const results = (JSON.parse(next.stdout) as Log).runs[0].results!;
    expect(results.filter((r) => r.baselineState === 'new').map((r) => r.ruleId)).toEqual([
      'GDPR-LAWFUL-001',
    ]);
    expect(
      results
        .filter((r) => r.baselineState === 'absent')
        .map((r) => r.ruleId)
        .sort(),
    ).toEqual(['ENC-001', 'ENC-002', 'ENC-007']);
    expect(next.status).toBe(1);
  });

  it('overrides rule parameters from --config and rejects unknown ones', () => {
    const config = path.join(tmp, 'vigil.yaml');
    fs.writeFileSync(config, 'rules:\n  GDPR-RET-001: { maxRetentionDays: 4000 }\n');
    const relaxed = JSON.parse(
      runCli(['scan', 'examples/support-assistant.yaml', '--config', config, '--format', 'json']).stdout,
    );
    expect(relaxed.findings.some((f: { ruleId: string }) => f.ruleId === 'GDPR-RET-001')).toBe(false);
    fs.writeFileSync(config, 'rules:\n  GDPR-RET-001: { maxDays: 4000 }\n');
    const bad = runCli(['scan', 'examples/support-assistant.yaml', '--config', config]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(
      `${config}:2:19: rule GDPR-RET-001 has no parameter 'maxDays' (it has: maxRetentionDays)\n`,
    );
  });
});

describe('vigil scan on many files', () => {
  it('gives the same report with worker threads as in one thread', () => {
    const folder = path.join(tmp, 'many');
    fs.mkdirSync(folder);
    const examples = fs.readdirSync(path.join(REPO_ROOT, 'examples'));
    for (let i = 0; i < 80; i++) {
      const example = examples[i % examples.length];
      const text = fs.readFileSync(path.join(REPO_ROOT, 'examples', example), 'utf8');
      fs.writeFileSync(
        path.join(folder, `m${String(i).padStart(2, '0')}.yaml`),
        text.replace(/^ {2}name: (.*)$/m, `  name: $1-${i}`),
      );
    }
    const parallel = runCli(['scan', folder, '--format', 'json'], REPO_ROOT, { VIGIL_SCAN_THREADS: '2' });
    const single = runCli(['scan', folder, '--format', 'json'], REPO_ROOT, { VIGIL_SCAN_THREADS: '1' });
    expect(parallel.status).toBe(1);
    expect(JSON.parse(parallel.stdout).findings.length).toBeGreaterThan(400);
    expect(JSON.parse(parallel.stdout).findings).toEqual(JSON.parse(single.stdout).findings);
  });
});

describe('vigil scan --policies', () => {
  it('runs a custom policy folder alongside the bundled modules', () => {
    const { status, stdout } = runCli([
      'scan',
      'examples/customer-data-platform.yaml',
      '--policies',
      'test/fixtures/custom-policies/good',
      '--format',
      'json',
    ]);
    expect(status).toBe(1);
    const own = JSON.parse(stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'OWN-001');
    expect(own.map((f: { resource: { id: string } }) => f.resource.id)).toEqual(['web-app']);
    expect(own[0].message).toBe('production system web-app names no provider');
    expect(own[0].fix.patch).toEqual([{ op: 'add', path: '/systems/0/provider', value: 'unknown' }]);
  });

  it('refuses a broken custom policy with its file and line, before scanning', () => {
    const { status, stderr } = runCli([
      'scan',
      'examples/',
      '--policies',
      'test/fixtures/custom-policies/broken',
    ]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/OWN-002\.yaml:9:1: invalid CEL: unknown function 'holdz'/);
    expect(stderr).toMatch(/OWN-002\.yaml:10:1: invalid CEL: .*/);
  });
});

describe('vigil policies', () => {
  it('lists every rule with id, severity, module, title and references', () => {
    const { status, stdout } = runCli(['policies', '--format', 'json']);
    expect(status).toBe(0);
    const rules = JSON.parse(stdout);
    expect(rules).toHaveLength(34);
    expect(rules[0]).toMatchObject({ id: 'GDPR-ADM-001', severity: 'high', module: 'gdpr' });
    expect(rules.map((rule: { module: string }) => rule.module)).toEqual([
      ...Array(14).fill('gdpr'),
      ...Array(11).fill('access-control'),
      ...Array(9).fill('encryption-at-rest'),
    ]);
    expect(runCli(['policies']).stdout).toMatch(/^AC-011\s+critical\s+access-control\s+Secret embedded/m);
  });
});
