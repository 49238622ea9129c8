import type { Severity } from '../policies/rule';
import type { ScanReport } from '../scanner/finding';

/** The `--fail-on` threshold: findings at or above it fail the scan; `none` never fails. */
export type FailOn = Severity | 'none';

export interface RenderOptions {
  failOn: FailOn;
  /** ANSI colours; only the table format uses them. */
  color: boolean;
}

/** Every output format is a pure function of the report and these options. */
export type Renderer = (report: ScanReport, options: RenderOptions) => string;
