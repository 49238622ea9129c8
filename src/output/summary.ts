import { failsAt, isSuppressed, SEVERITIES, type FailOn, type Severity } from '../core/severity';
import type { Finding } from '../core/finding';
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
  const counter = new SummaryCounter();
  counter.add(report.findings);
  return counter.summary(failOn, report.absent.length);
}

/** The summary's counts, kept as findings stream past so that none of them needs keeping. */
export class SummaryCounter {
  private readonly bySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<
    Severity,
    number
  >;
  private readonly failingAt = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<
    Severity,
    number
  >;
  private count = 0;
  private suppressed = 0;
  private baselineNew = 0;
  private baselineUnchanged = 0;
  private withBaselineState = false;

  add(findings: readonly Finding[]): void {
    for (const finding of findings) {
      this.count++;
      if (isSuppressed(finding)) this.suppressed++;
      else this.bySeverity[finding.severity]++;
      // failsAt() at the lowest threshold the finding fails: counted once per severity it meets.
      if (failsAt(finding, 'low')) this.failingAt[finding.severity]++;
      if (finding.baselineState !== undefined) this.withBaselineState = true;
      if (finding.baselineState === 'new') this.baselineNew++;
      if (finding.baselineState === 'unchanged') this.baselineUnchanged++;
    }
  }

  summary(failOn: FailOn, absent: number): ScanSummary {
    const failing =
      failOn === 'none'
        ? 0
        : SEVERITIES.filter((severity) => failsAt({ severity }, failOn)).reduce(
            (sum, severity) => sum + this.failingAt[severity],
            0,
          );
    const summary: ScanSummary = {
      bySeverity: { ...this.bySeverity },
      total: this.count - this.suppressed,
      suppressed: this.suppressed,
      failing,
    };
    if (absent > 0 || this.withBaselineState) {
      summary.baseline = { new: this.baselineNew, unchanged: this.baselineUnchanged, absent };
    }
    return summary;
  }
}
