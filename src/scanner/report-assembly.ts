import { InputError, type InputProblem } from '../core/input-error';
import type { Finding } from '../core/finding';
import { BaselineTracker, type Baseline } from './baseline';
import type { ScanPart } from './scanner';

/**
 * Scanner.report() for a scan whose parts stream past in file order: each part is judged
 * against the baseline and handed on, then dropped. Only input problems are kept: once there is
 * one the scan will be refused, so later parts are read for their problems only.
 */
export class ReportAssembly {
  private readonly problems: InputProblem[] = [];
  private readonly baseline: BaselineTracker | undefined;

  constructor(
    private readonly consumer: (part: ScanPart) => void,
    options: { baseline?: Baseline } = {},
  ) {
    this.baseline = options.baseline ? new BaselineTracker(options.baseline) : undefined;
  }

  add(part: ScanPart): void {
    this.problems.push(...part.problems);
    if (this.problems.length > 0) return;
    this.baseline?.mark(part.findings);
    this.consumer(part);
  }

  /** Throws InputError when any part had a problem: nothing is half-scanned. */
  finish(): { absent: Finding[] } {
    if (this.problems.length > 0) throw new InputError(this.problems);
    return { absent: this.baseline?.absent() ?? [] };
  }
}
