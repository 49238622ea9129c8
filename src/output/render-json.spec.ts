import { renderJson, type JsonReport } from './render-json';
import { HOSTILE_MESSAGE, scanReport } from '../../test/support/scan-report.fixture';

describe('renderJson', () => {
  const output = renderJson(scanReport(), { failOn: 'high', color: true });
  const document = JSON.parse(output) as JsonReport;

  it('is pretty-printed JSON with the documented top-level keys in order', () => {
    expect(output.startsWith('{\n  "tool"')).toBe(true);
    expect(Object.keys(document)).toEqual([
      'tool',
      'summary',
      'findings',
      'absent',
      'warnings',
      'referenceData',
      'rules',
    ]);
  });

  it('carries the summary with the threshold and the verdict', () => {
    expect(document.summary).toEqual({
      failOn: 'high',
      verdict: 'fail',
      bySeverity: { critical: 2, high: 2, medium: 0, low: 1 },
      total: 5,
      suppressed: 1,
      failing: 3,
      baseline: { new: 5, unchanged: 1, absent: 1 },
    });
    const passing = JSON.parse(renderJson(scanReport(), { failOn: 'none', color: false })) as JsonReport;
    expect(passing.summary.verdict).toBe('pass');
  });

  it('lists every finding worst first, the suppressed one included, and keeps values intact', () => {
    expect(document.findings.map((finding) => finding.ruleId)).toEqual([
      'AC-003',
      'GDPR-TRANSFER-001',
      'ENC-007',
      'ENC-006',
      'GDPR-RET-001',
      'AC-006',
    ]);
    const enc007 = document.findings.find((finding) => finding.ruleId === 'ENC-007')!;
    expect(enc007.message).toBe(HOSTILE_MESSAGE);
    expect(enc007.fix?.patch).toEqual([{ op: 'add', path: '/systems/1/encryption/atRest', value: true }]);
    expect(document.findings.find((finding) => finding.ruleId === 'GDPR-RET-001')!.suppression?.reason).toBe(
      'Legal hold until the audit closes',
    );
  });

  it('writes finding keys in a fixed order whatever order the scanner used', () => {
    const report = scanReport();
    const [first] = report.findings;
    report.findings[0] = Object.fromEntries(Object.entries(first).reverse()) as typeof first;
    const reordered = JSON.parse(renderJson(report, { failOn: 'high', color: false })) as JsonReport;
    const again = reordered.findings.find((finding) => finding.ruleId === first.ruleId)!;
    expect(Object.keys(again)).toEqual(
      Object.keys(document.findings.find((f) => f.ruleId === first.ruleId)!),
    );
    expect(Object.keys(again).slice(0, 4)).toEqual(['ruleId', 'title', 'module', 'severity']);
  });

  it('includes absent findings, warnings, reference data and the rules that ran', () => {
    expect(document.absent.map((finding) => finding.fingerprint)).toEqual(['fp-ac011-crm']);
    expect(document.warnings).toHaveLength(1);
    expect(document.referenceData.adequacy).toBe('2026-01-26');
    expect(document.rules.map((rule) => rule.id)).toContain('AC-011');
  });
});
