import type { FailOn } from '../core/severity';
import type { ScanReport } from '../core/scan-report';

export interface RenderOptions {
  failOn: FailOn;
  /** ANSI colours; only the table format uses them. */
  color: boolean;
}

/** Every output format is a pure function of the report and these options. */
export type Renderer = (report: ScanReport, options: RenderOptions) => string;
