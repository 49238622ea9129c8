import { cleanReport, scanReport } from '../../test/support/scan-report.fixture';
import { renderTable } from './render-table';

const ANSI = '\u001b[';

describe('renderTable', () => {
  const plain = renderTable(scanReport(), { failOn: 'high', color: false });

  it('writes no ANSI escape without colour, even from a message that carries one', () => {
    expect(plain).not.toContain(ANSI);
    expect(plain).not.toContain('\u0007');
    expect(plain).toContain('archive\\x07 holds user.contact.email\\x1B[31m');
  });

  it('colours the output when asked to', () => {
    expect(renderTable(scanReport(), { failOn: 'high', color: true })).toContain(ANSI);
  });

  it('lists findings worst first, then by file and line', () => {
    const order = ['AC-003', 'GDPR-TRANSFER-001', 'ENC-007', 'ENC-006', 'AC-006'].map((id) =>
      plain.indexOf(`  ${id}  `),
    );
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('shows the severity, rule, resource, location, message, witness path and remediation', () => {
    const block = plain.slice(plain.indexOf('GDPR-TRANSFER-001'), plain.indexOf('ENC-007'));
    expect(plain).toContain('CRITICAL  GDPR-TRANSFER-001  system/us-analytics  manifests/support.yaml:42:7');
    expect(block).toContain('user.contact.email reaches us-analytics in CN');
    expect(block).toContain(
      'path: crm -[crm-export]-> staging -[staging-load]-> warehouse -[warehouse-sync]-> us-analytics',
    );
    expect(block).toContain('remediation: Set transferMechanism to sccs or bcr');
  });

  it('marks a finding unchanged since the baseline', () => {
    expect(plain).toMatch(/ENC-006 {2}flow\/crm-export .*\(unchanged since the baseline\)/);
  });

  it('sets suppressed findings apart with their reason', () => {
    const suppressed = plain.slice(plain.indexOf('Suppressed (1)'));
    expect(plain.indexOf('Suppressed (1)')).toBeGreaterThan(plain.indexOf('AC-006'));
    expect(suppressed).toContain('GDPR-RET-001  system/warehouse');
    expect(suppressed).toContain('suppressed inline until 2027-03-01: Legal hold until the audit closes');
  });

  it('lists baseline findings that are gone', () => {
    expect(plain).toMatch(/Gone since the baseline \(1\)\n {2}CRITICAL {2}AC-011 {2}system\/crm/);
  });

  it('ends with warnings, the counts and the verdict', () => {
    expect(plain).toContain(
      'manifests/ops.yaml:4:3: dataCategories key user.contact.phone is deprecated; use user.contact.phone_number',
    );
    expect(plain).toContain(
      'Summary: 2 critical, 2 high, 0 medium, 1 low; 1 suppressed; baseline: 5 new, 1 unchanged, 1 gone',
    );
    expect(plain.trimEnd().split('\n').at(-1)).toBe('FAIL: 3 findings at or above high');
  });

  it('passes when nothing reaches the threshold', () => {
    const output = renderTable(scanReport(), { failOn: 'critical', color: false });
    expect(output).toContain('FAIL: 2 findings at or above critical');
    const report = scanReport();
    report.findings = report.findings.filter((finding) => finding.severity === 'low');
    expect(renderTable(report, { failOn: 'medium', color: false })).toContain(
      'PASS: no finding at or above medium',
    );
  });

  it('says so when every finding is suppressed', () => {
    const report = scanReport();
    report.findings = report.findings.filter((finding) => finding.suppression);
    const output = renderTable(report, { failOn: 'low', color: false });
    expect(output.startsWith('No findings other than suppressed ones.\n\nSuppressed (1)')).toBe(true);
    expect(output).toContain('PASS: no finding at or above low');
  });

  it('says plainly that a clean scan found nothing', () => {
    const output = renderTable(cleanReport(), { failOn: 'high', color: false });
    expect(output.startsWith('No findings: 7 rules checked 2 files.\n')).toBe(true);
    expect(output).not.toContain('Suppressed');
    expect(output).not.toContain('Warnings');
    expect(output).toContain('PASS');
  });
});
