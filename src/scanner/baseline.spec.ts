import type { Finding } from '../core/finding';
import { applyBaseline, createBaseline, validateBaseline, type Baseline } from './baseline';

function finding(fingerprint: string, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'ENC-001',
    title: 'Stores are encrypted at rest',
    module: 'encryption-at-rest',
    severity: 'high',
    manifest: 'support-assistant',
    file: 'infra/support.yaml',
    line: 30,
    column: 5,
    pointer: '/systems/2/encryption/atRest',
    resource: { type: 'system', id: 'summary-archive' },
    message: "system 'summary-archive' stores personal data unencrypted",
    evidence: { atRest: false },
    references: [{ framework: 'GDPR', id: 'Art. 32(1)(a)' }],
    remediation: 'Turn on encryption at rest.',
    fingerprint,
    ...extra,
  };
}

const entry = (fingerprint: string) => ({
  fingerprint,
  ruleId: 'ENC-001',
  severity: 'high' as const,
  manifest: 'support-assistant',
  file: 'infra/support.yaml',
  resource: { type: 'system' as const, id: 'summary-archive' },
  message: "system 'summary-archive' stores personal data unencrypted",
});

describe('creating a baseline', () => {
  it('records every unsuppressed finding, dated by the given clock', () => {
    const baseline = createBaseline(
      [
        finding('aaa'),
        finding('bbb', { suppression: { source: 'inline', reason: 'ephemeral cache' } }),
        finding('ccc'),
      ],
      new Date('2026-11-24T12:00:00Z'),
    );
    expect(baseline).toEqual({
      version: 1,
      createdAt: '2026-11-24T12:00:00.000Z',
      findings: [entry('aaa'), entry('ccc')],
    });
  });
});

describe('checking a baseline file', () => {
  const cases: [string, unknown, string | undefined][] = [
    ['a valid baseline', { version: 1, createdAt: 'x', findings: [entry('aaa')] }, undefined],
    ['an empty baseline', { version: 1, findings: [] }, undefined],
    ['null', null, 'a baseline is a JSON object'],
    ['a string', 'baseline', 'a baseline is a JSON object'],
    ['version 2', { version: 2, findings: [] }, 'unsupported baseline version (expected 1)'],
    ['a version given as text', { version: '1', findings: [] }, 'unsupported baseline version (expected 1)'],
    ['no findings', { version: 1 }, "a baseline needs a 'findings' list"],
    ['findings that are not a list', { version: 1, findings: {} }, "a baseline needs a 'findings' list"],
    [
      'an entry without fingerprint',
      { version: 1, findings: [entry('a'), {}] },
      'findings[1] has no fingerprint',
    ],
    ['a null entry', { version: 1, findings: [null] }, 'findings[0] has no fingerprint'],
    [
      'a numeric fingerprint',
      { version: 1, findings: [{ fingerprint: 7 }] },
      'findings[0] has no fingerprint',
    ],
  ];
  it.each(cases)('%s', (_name, value, reason) => {
    expect(validateBaseline(value)).toBe(reason);
  });
});

describe('applying a baseline', () => {
  it('marks findings new or unchanged, and renders what no longer occurs as absent', () => {
    const baseline: Baseline = {
      version: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
      findings: [entry('aaa'), entry('gone')],
    };
    const findings = [finding('aaa'), finding('zzz')];
    const { absent } = applyBaseline(findings, baseline);
    expect(findings.map((f) => [f.fingerprint, f.baselineState])).toEqual([
      ['aaa', 'unchanged'],
      ['zzz', 'new'],
    ]);
    expect(absent).toEqual([
      {
        ruleId: 'ENC-001',
        title: 'ENC-001',
        module: '',
        severity: 'high',
        manifest: 'support-assistant',
        file: 'infra/support.yaml',
        line: 1,
        column: 1,
        pointer: '',
        resource: { type: 'system', id: 'summary-archive' },
        message: "system 'summary-archive' stores personal data unencrypted",
        evidence: {},
        references: [],
        remediation: '',
        fingerprint: 'gone',
        baselineState: 'absent',
      },
    ]);
  });

  it('finds nothing absent when every entry still occurs', () => {
    const findings = [finding('aaa')];
    expect(applyBaseline(findings, { version: 1, createdAt: '', findings: [entry('aaa')] })).toEqual({
      absent: [],
    });
  });
});
