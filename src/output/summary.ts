import { failsAt, isSuppressed, SEVERITIES, type FailOn, type Severity } from '../core/severity';
import type { ScanReport } from '../core/scan-report';

export interface ScanSummary {
  /** Unsuppressed findings by severity (baseline-unchanged ones included: they still exist). */
  bySeverity: Record<Severity, number>;
  /** Unsuppressed findings; `total + suppressed` is the number of findings in the report. */
  total: number;
  suppressed: number;
  /** Findings that fail the scan at the threshold: the CLI exits 1 when this is above zero. */
  failing: number;
  /** Only when the scan ran against a baseline. */
  baseline?: { new: number; unchanged: number; absent: number };
}

/** `failOn` defaults to `high`, the CLI's default threshold. */
export function summarise(report: ScanReport, failOn: FailOn = 'high'): ScanSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<
    Severity,
    number
  >;
  let suppressed = 0;
  let failing = 0;
  for (const finding of report.findings) {
    if (isSuppressed(finding)) suppressed++;
    else bySeverity[finding.severity]++;
    if (failsAt(finding, failOn)) failing++;
  }
  const summary: ScanSummary = {
    bySeverity,
    total: report.findings.length - suppressed,
    suppressed,
    failing,
  };
  const ranAgainstBaseline =
    report.absent.length > 0 || report.findings.some((finding) => finding.baselineState !== undefined);
  if (ranAgainstBaseline) {
    summary.baseline = {
      new: report.findings.filter((finding) => finding.baselineState === 'new').length,
      unchanged: report.findings.filter((finding) => finding.baselineState === 'unchanged').length,
      absent: report.absent.length,
    };
  }
  return summary;
}
