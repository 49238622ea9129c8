import type { Severity } from './severity';

export type ReferenceFramework =
  'GDPR' | 'NIST SP 800-53' | 'ISO/IEC 27001:2022' | 'SOC 2' | 'CIS Controls v8';

/** A control or article a rule maps to, e.g. { framework: 'GDPR', id: 'Art. 44' }. */
export interface RuleReference {
  framework: ReferenceFramework;
  id: string;
}

/** What every consumer of a rule (outputs, reports, the API) may rely on. */
export interface RuleMetadata {
  id: string;
  title: string;
  module: string;
  severity: Severity;
  description: string;
  remediation: string;
  references: RuleReference[];
}
