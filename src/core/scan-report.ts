import type { Check, Finding, NotEvaluated } from './finding';
import type { InputProblem } from './input-error';
import type { RuleMetadata } from './rule-metadata';

export interface ScanReport {
  tool: { name: 'vigil'; version: string };
  /** Rules that ran, in catalogue order. */
  rules: RuleMetadata[];
  files: string[];
  manifests: { file: string; name: string }[];
  findings: Finding[];
  /** Baseline findings that no longer occur (only with a baseline). */
  absent: Finding[];
  /** Present only when the caller asked for it (JUnit output needs it). */
  checks?: Check[];
  /** Rules that could not judge a resource of an imported estate (Terraform plans, Fides, OpenLineage). */
  notEvaluated?: NotEvaluated[];
  /** Non-fatal input remarks: deprecated taxonomy keys, skipped non-manifest documents. */
  warnings: InputProblem[];
  referenceData: { taxonomy: string; eea: string; adequacy: string };
  /**
   * The scanned files whose text must be stored or shown other than as uploaded, because secrets
   * were found in them: `content` is the file with every detected secret masked. Files not listed
   * need no masking. For the service's storage only: no CLI output format carries it.
   */
  maskedFiles: { file: string; content: string }[];
}
