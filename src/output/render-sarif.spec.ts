import '@microsoft/jest-sarif';
import type * as Sarif from 'sarif';
import * as path from 'node:path';
import { artifactLocation, FINGERPRINT_KEY, folderUrl, renderSarif } from './render-sarif';
import { HOSTILE_MESSAGE, scanReport } from '../../test/support/scan-report.fixture';

function render(report = scanReport()): Sarif.Log {
  return JSON.parse(renderSarif(report, { failOn: 'high', color: false })) as Sarif.Log;
}

function resultFor(log: Sarif.Log, ruleId: string): Sarif.Result {
  return log.runs[0].results!.find((result) => result.ruleId === ruleId)!;
}

describe('renderSarif', () => {
  const log = render();
  const run = log.runs[0];

  it('is a valid SARIF 2.1.0 log', () => {
    expect(log).toBeValidSarifLog();
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
  });

  it('is checked by a matcher that does reject a broken log', () => {
    const broken = structuredClone(log) as unknown as { runs: { results: { level: string }[] }[] };
    broken.runs[0].results[0].level = 'critical';
    expect(broken).not.toBeValidSarifLog();
  });

  it('is still valid without a baseline, suppressions or warnings', () => {
    const report = scanReport();
    report.absent = [];
    report.warnings = [];
    report.findings = report.findings.map(({ suppression: _s, baselineState: _b, ...finding }) => finding);
    expect(render(report)).toBeValidSarifLog();
  });

  it('describes Vigil and every rule with help, references and a security severity', () => {
    const driver = run.tool.driver;
    expect(driver.name).toBe('Vigil');
    expect(driver.version).toBe('0.1.0');
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules!.map((rule) => rule.id)).toEqual(scanReport().rules.map((rule) => rule.id));

    const transfer = driver.rules!.find((rule) => rule.id === 'GDPR-TRANSFER-001')!;
    expect(transfer.name).toBe('PersonalDataTransferredOutsideTheEEAWithoutSafeguards');
    expect(transfer.shortDescription?.text).toBe(
      'Personal data transferred outside the EEA without safeguards',
    );
    expect(transfer.fullDescription?.text).toMatch(/^Personal data reaches a system outside the EEA/);
    expect(transfer.help?.text).toContain('Set transferMechanism to sccs or bcr');
    expect(transfer.help?.text).toContain('GDPR Art. 44');
    expect(transfer.help?.markdown).toContain('- ISO/IEC 27001:2022 A.5.14');
    expect(transfer.properties?.tags).toEqual(expect.arrayContaining(['gdpr', 'GDPR', 'ISO/IEC 27001:2022']));
    expect(transfer.properties?.['security-severity']).toBe('9.5');
    expect(transfer.properties?.references).toEqual([
      'GDPR Art. 44',
      'GDPR Art. 46(1)',
      'ISO/IEC 27001:2022 A.5.14',
    ]);

    const severities = Object.fromEntries(
      driver.rules!.map((rule) => [rule.id, rule.properties?.['security-severity']]),
    );
    expect(severities).toMatchObject({ 'ENC-007': '8.0', 'GDPR-RET-001': '5.5', 'AC-006': '3.0' });
  });

  it('maps severities to levels', () => {
    expect(resultFor(log, 'AC-003').level).toBe('error');
    expect(resultFor(log, 'ENC-007').level).toBe('error');
    expect(resultFor(log, 'GDPR-RET-001').level).toBe('warning');
    expect(resultFor(log, 'AC-006').level).toBe('note');
  });

  it('points each result at its rule, its file and line, and its resource', () => {
    const result = resultFor(log, 'GDPR-TRANSFER-001');
    expect(run.tool.driver.rules![result.ruleIndex!].id).toBe('GDPR-TRANSFER-001');
    expect(result.message.text).toBe(
      'user.contact.email reaches us-analytics in CN (no adequacy decision, no transferMechanism).',
    );
    const [location] = result.locations!;
    expect(location.physicalLocation?.artifactLocation?.uri).toBe('manifests/support.yaml');
    expect(location.physicalLocation?.region).toEqual({ startLine: 42, startColumn: 7 });
    expect(location.logicalLocations?.[0]).toEqual({
      name: 'us-analytics',
      kind: 'system',
      fullyQualifiedName: 'support-assistant/us-analytics',
    });
    expect(resultFor(log, 'AC-003').locations![0].logicalLocations![0].name).toBe('ops-admins-prod');
  });

  it('gives every result its stable fingerprint, which does not depend on the line', () => {
    expect(resultFor(log, 'ENC-007').partialFingerprints).toEqual({
      [FINGERPRINT_KEY]: 'fp-enc007-warehouse',
    });
    const moved = scanReport();
    moved.findings.forEach((finding) => (finding.line += 10));
    expect(resultFor(render(moved), 'ENC-007').partialFingerprints).toEqual(
      resultFor(log, 'ENC-007').partialFingerprints,
    );
  });

  it('carries the baseline state, and lists absent findings as results', () => {
    expect(resultFor(log, 'ENC-007').baselineState).toBe('new');
    expect(resultFor(log, 'ENC-006').baselineState).toBe('unchanged');
    const absent = resultFor(log, 'AC-011');
    expect(absent.baselineState).toBe('absent');
    expect(absent.partialFingerprints).toEqual({ [FINGERPRINT_KEY]: 'fp-ac011-crm' });
    expect(run.results).toHaveLength(scanReport().findings.length + 1);
  });

  it('marks absent findings absent even when the baseline did not say so', () => {
    const report = scanReport();
    delete report.absent[0].baselineState;
    expect(resultFor(render(report), 'AC-011').baselineState).toBe('absent');
  });

  it('leaves out the baseline state when there was no baseline', () => {
    const report = scanReport();
    delete report.findings.find((finding) => finding.ruleId === 'AC-003')!.baselineState;
    expect(resultFor(render(report), 'AC-003')).not.toHaveProperty('baselineState');
  });

  it('records suppressions as accepted, in source or external', () => {
    expect(resultFor(log, 'GDPR-RET-001').suppressions).toEqual([
      {
        kind: 'inSource',
        status: 'accepted',
        justification: 'Legal hold until the audit closes',
        properties: { expires: '2027-03-01' },
      },
    ]);
    expect(resultFor(log, 'AC-003')).not.toHaveProperty('suppressions');

    const report = scanReport();
    report.findings.find((finding) => finding.ruleId === 'AC-003')!.suppression = {
      source: 'baseline',
      reason: 'Accepted risk',
    };
    expect(resultFor(render(report), 'AC-003').suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'Accepted risk' },
    ]);
  });

  it('keeps severity, evidence, witness path and fix in the properties', () => {
    const properties = resultFor(log, 'ENC-007').properties!;
    expect(properties.severity).toBe('high');
    expect(properties.evidence).toEqual({ categories: ['user.contact.email'], atRest: false });
    expect(properties.witnessPath).toHaveLength(2);
    expect(properties.witnessPathText).toBe('crm -[crm-export]-> staging -[staging-load]-> warehouse');
    expect(properties.fix.patch).toEqual([{ op: 'add', path: '/systems/1/encryption/atRest', value: true }]);
    expect(resultFor(log, 'ENC-007').message.text).toBe(HOSTILE_MESSAGE);
  });

  it('reports warnings as tool notifications', () => {
    const [notification] = run.invocations![0].toolExecutionNotifications!;
    expect(notification.level).toBe('warning');
    expect(notification.message.text).toContain('user.contact.phone is deprecated');
    expect(notification.locations![0].physicalLocation?.region?.startLine).toBe(4);
  });

  it('gives a finding of a rule outside the catalogue a rule entry of its own', () => {
    const report = scanReport();
    report.rules = report.rules.filter((rule) => rule.id !== 'AC-011');
    const sarif = render(report);
    const absent = resultFor(sarif, 'AC-011');
    expect(sarif.runs[0].tool.driver.rules![absent.ruleIndex!].id).toBe('AC-011');
    expect(sarif).toBeValidSarifLog();
  });
});

describe('artifactLocation', () => {
  const root = path.resolve('/work/repo');

  it('is relative to %SRCROOT% for a file below the source root, given relative or absolute', () => {
    const expected = { uri: 'manifests/support.yaml', uriBaseId: '%SRCROOT%' };
    expect(artifactLocation(path.join(root, 'manifests/support.yaml'), root)).toEqual(expected);
    expect(artifactLocation('manifests/support.yaml', process.cwd())).toEqual(expected);
    expect(artifactLocation('manifests\\prod\\app.yml', process.cwd()).uri).toBe('manifests/prod/app.yml');
  });

  it('is an absolute file:// URI for a file outside the source root', () => {
    expect(artifactLocation('/elsewhere/my app/x.yaml', root)).toEqual({
      uri: 'file:///elsewhere/my%20app/x.yaml',
    });
    expect(artifactLocation(path.join(root, '../repo-2/x.yaml'), root)).toEqual({
      uri: 'file:///work/repo-2/x.yaml',
    });
  });

  it('percent-encodes what RFC 3986 does not allow in a path, as UTF-8', () => {
    expect(artifactLocation(path.join(root, 'my manifests/a#1?[x]%.yaml'), root).uri).toBe(
      'my%20manifests/a%231%3F%5Bx%5D%25.yaml',
    );
    expect(artifactLocation(path.join(root, 'café/a:b.yaml'), root).uri).toBe('caf%C3%A9/a%3Ab.yaml');
    expect(artifactLocation(path.join(root, 'bad\uD800.yaml'), root).uri).toBe('bad%EF%BF%BD.yaml');
  });

  it('names the source root as a file:// URI ending in a slash', () => {
    expect(folderUrl(root)).toBe('file:///work/repo/');
    expect(folderUrl('/')).toBe('file:///');
  });
});
