import type { Finding } from '../core/finding';
import { scanReport } from '../../test/support/scan-report.fixture';
import { failsAt } from '../core/severity';
import { summarise } from './summary';

function findingOf(ruleId: string): Finding {
  return scanReport().findings.find((finding) => finding.ruleId === ruleId)!;
}

describe('summarise', () => {
  it('counts unsuppressed findings by severity and the suppressed ones apart', () => {
    const summary = summarise(scanReport(), 'high');
    expect(summary.bySeverity).toEqual({ critical: 2, high: 2, medium: 0, low: 1 });
    expect(summary.total).toBe(5);
    expect(summary.suppressed).toBe(1);
  });

  it('fails only on new, unsuppressed findings at or above the threshold', () => {
    // critical: AC-003, GDPR-TRANSFER-001; high: ENC-007 (ENC-006 is unchanged); low: AC-006.
    expect(summarise(scanReport(), 'critical').failing).toBe(2);
    expect(summarise(scanReport(), 'high').failing).toBe(3);
    expect(summarise(scanReport(), 'medium').failing).toBe(3);
    expect(summarise(scanReport(), 'low').failing).toBe(4);
  });

  it('never fails with the threshold none', () => {
    expect(summarise(scanReport(), 'none').failing).toBe(0);
  });

  it('uses the CLI default threshold high when none is given', () => {
    expect(summarise(scanReport()).failing).toBe(summarise(scanReport(), 'high').failing);
  });

  it('counts every unsuppressed finding when there is no baseline', () => {
    const report = scanReport();
    for (const finding of report.findings) delete finding.baselineState;
    report.absent = [];
    const summary = summarise(report, 'high');
    expect(summary.failing).toBe(4); // ENC-006 counts again
    expect(summary.baseline).toBeUndefined();
  });

  it('reports the baseline counts when the scan ran against one', () => {
    expect(summarise(scanReport(), 'high').baseline).toEqual({ new: 5, unchanged: 1, absent: 1 });
  });

  it('ignores absent findings in the counts', () => {
    const report = scanReport();
    report.absent.push({ ...report.absent[0], fingerprint: 'another' });
    expect(summarise(report, 'low').total).toBe(5);
    expect(summarise(report, 'low').failing).toBe(4);
  });
});

describe('failsAt', () => {
  it('fails a new critical finding at every threshold but none', () => {
    const finding = findingOf('AC-003');
    expect(failsAt(finding, 'critical')).toBe(true);
    expect(failsAt(finding, 'low')).toBe(true);
    expect(failsAt(finding, 'none')).toBe(false);
  });

  it('does not fail a finding below the threshold', () => {
    expect(failsAt(findingOf('AC-006'), 'medium')).toBe(false);
    expect(failsAt(findingOf('AC-006'), 'low')).toBe(true);
  });

  it('does not fail a suppressed finding, whatever its severity', () => {
    const finding = { ...findingOf('GDPR-RET-001'), severity: 'critical' as const };
    expect(failsAt(finding, 'low')).toBe(false);
  });

  it('does not fail a finding unchanged since the baseline, and fails it without one', () => {
    const finding = findingOf('ENC-006');
    expect(failsAt(finding, 'low')).toBe(false);
    expect(failsAt({ ...finding, baselineState: undefined }, 'low')).toBe(true);
  });
});
