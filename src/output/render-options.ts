import type { FailOn } from '../core/severity';

export interface RenderOptions {
  failOn: FailOn;
  /** ANSI colours; only the table format uses them. */
  color: boolean;
  /** The folder SARIF artifact locations are relative to (default: the working folder). */
  sarifRoot?: string;
}
