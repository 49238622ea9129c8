import { Scanner } from './scanner';

const scanner = new Scanner();

/** A cache without backups encrypted (ENC-002 fires on it), suppressed until `expires`. */
function manifest(expires: string | undefined): string {
  return `apiVersion: vigil/v1
kind: Integration
metadata:
  name: suppressed
systems:
  - id: cache
    kind: cache
    encryption: { atRest: true }
    x-vigil-suppress:
      - rule: ENC-002
        reason: Ephemeral cache, never backed up
${expires === undefined ? '' : `        expires: ${expires}\n`}`;
}

function scanAt(expires: string | undefined, now: string) {
  const report = scanner.scan([{ path: 'cache.yaml', content: manifest(expires) }], { now: new Date(now) });
  const [finding] = report.findings.filter((f) => f.ruleId === 'ENC-002');
  return { finding, warnings: report.warnings };
}

describe('inline suppressions and their expiry', () => {
  it('suppresses through the last millisecond of a date-only expiry (UTC)', () => {
    const { finding, warnings } = scanAt('2027-03-01', '2027-03-01T23:59:59.999Z');
    expect(finding.suppression).toEqual({
      source: 'inline',
      reason: 'Ephemeral cache, never backed up',
      expires: '2027-03-01',
    });
    expect(warnings).toEqual([]);
  });

  it('suppresses at the first moment of the expiry day', () => {
    expect(scanAt('2027-03-01', '2027-03-01T00:00:00.000Z').finding.suppression).toBeDefined();
  });

  it('stops suppressing at the first millisecond of the next day, and says where', () => {
    const { finding, warnings } = scanAt('2027-03-01', '2027-03-02T00:00:00.000Z');
    expect(finding.suppression).toBeUndefined();
    expect(warnings).toEqual([
      {
        file: 'cache.yaml',
        line: 12,
        column: 9,
        message: "suppression of ENC-002 on system 'cache' expired on 2027-03-01; the finding counts again",
      },
    ]);
  });

  it('takes an expiry with a time as that instant', () => {
    expect(scanAt('2027-03-01T10:00:00Z', '2027-03-01T10:00:00.000Z').finding.suppression).toBeDefined();
    expect(scanAt('2027-03-01T10:00:00Z', '2027-03-01T10:00:00.001Z').finding.suppression).toBeUndefined();
  });

  it('suppresses for good without an expiry', () => {
    const { finding, warnings } = scanAt(undefined, '2999-12-31T23:59:59Z');
    expect(finding.suppression).toEqual({
      source: 'inline',
      reason: 'Ephemeral cache, never backed up',
      expires: undefined,
    });
    expect(warnings).toEqual([]);
  });
});

describe('what a suppression covers', () => {
  it('names a rule that exists, or is an input error at the rule, with the closest rule id as a hint', () => {
    const text = manifest(undefined).replace('rule: ENC-002', 'rule: ENC-02');
    expect(() =>
      scanner.scan([{ path: 'cache.yaml', content: text }], { now: new Date('2027-01-01') }),
    ).toThrow(
      expect.objectContaining({
        problems: [
          {
            file: 'cache.yaml',
            line: 10,
            column: 9,
            message: "suppression names unknown rule 'ENC-02' (did you mean 'ENC-002'?)",
          },
        ],
      }),
    );
  });

  it('only the rule it names, on the resource it sits on', () => {
    const text = `${manifest(undefined)}  - id: store
    kind: database
    encryption: { atRest: true }
`;
    const report = scanner.scan([{ path: 'cache.yaml', content: text }], { now: new Date('2027-01-01') });
    const suppressed = report.findings
      .filter((f) => f.suppression)
      .map((f) => `${f.ruleId} ${f.resource.id}`);
    expect(suppressed).toEqual(['ENC-002 cache']);
    expect(report.findings.map((f) => `${f.ruleId} ${f.resource.id}`)).toContain('ENC-002 store');
  });

  it('leaves a finding of another rule on the same resource counting', () => {
    // The cache also embeds an access key: AC-011 fires on it beside the suppressed ENC-002.
    const text = manifest(undefined).replace(
      '    encryption: { atRest: true }\n',
      '    encryption: { atRest: true }\n    x-config: { aws_access_key_id: AKIA2E0A8F3B244C9986 }\n',
    );
    const report = scanner.scan([{ path: 'cache.yaml', content: text }], { now: new Date('2027-01-01') });
    expect(
      report.findings
        .filter((f) => f.resource.id === 'cache')
        .map((f) => `${f.ruleId} ${f.suppression ? 'suppressed' : 'counts'}`)
        .sort(),
    ).toEqual(['AC-011 counts', 'ENC-002 suppressed']);
  });

  it('each entry of the list, not only the first, with its own reason', () => {
    const text = `apiVersion: vigil/v1
kind: Integration
metadata:
  name: suppressed
systems:
  - id: cache
    kind: cache
    encryption: { atRest: true }
    x-config: { aws_access_key_id: AKIA2E0A8F3B244C9986 }
    x-vigil-suppress:
      - rule: ENC-002
        reason: Ephemeral cache, never backed up
      - rule: AC-011
        reason: A revoked key kept for the audit
`;
    const report = scanner.scan([{ path: 'cache.yaml', content: text }], { now: new Date('2027-01-01') });
    expect(
      report.findings
        .filter((f) => f.resource.id === 'cache')
        .map((f) => [f.ruleId, f.suppression])
        .sort(),
    ).toEqual([
      ['AC-011', { source: 'inline', reason: 'A revoked key kept for the audit', expires: undefined }],
      ['ENC-002', { source: 'inline', reason: 'Ephemeral cache, never backed up', expires: undefined }],
    ]);
  });
});

describe('an expired suppression covering several findings', () => {
  it('warns once, at its expiry, and every finding it covered counts again', () => {
    const text = `apiVersion: vigil/v1
kind: Integration
metadata:
  name: keys
systems:
  - id: cache
    kind: cache
    encryption: { atRest: true, backupsEncrypted: true }
    x-config:
      primary: { aws_access_key_id: AKIA2E0A8F3B244C9986 }
      standby: { aws_access_key_id: AKIA7F1C0D9E355B8871 }
    x-vigil-suppress:
      - rule: AC-011
        reason: Rotated keys, removal scheduled
        expires: 2027-03-01
`;
    const report = scanner.scan([{ path: 'keys.yaml', content: text }], {
      now: new Date('2027-03-02T00:00:00Z'),
    });
    const secrets = report.findings.filter((f) => f.ruleId === 'AC-011');
    expect(secrets.map((f) => [f.pointer, f.suppression])).toEqual([
      ['/systems/0/x-config/primary/aws_access_key_id', undefined],
      ['/systems/0/x-config/standby/aws_access_key_id', undefined],
    ]);
    expect(report.warnings).toEqual([
      {
        file: 'keys.yaml',
        line: 15,
        column: 9,
        message: "suppression of AC-011 on system 'cache' expired on 2027-03-01; the finding counts again",
      },
    ]);
  });
});
