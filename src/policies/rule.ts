export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher is worse; used for thresholds and sorting. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1 };

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

export type RuleResource = 'system' | 'flow' | 'grant' | 'secret' | 'certificate';

/** What a rule checks on one kind of resource; expressions are CEL source. */
export interface RuleClause {
  appliesTo: { resource: RuleResource; kinds?: string[] };
  condition: string;
  message: string;
  /** Pointer relative to the resource of the node to report, e.g. encryption/atRest. */
  at?: string;
  escalate?: { when: string; severity: Severity }[];
  /** Categories whose shortest path to the resource is the witness. */
  witness?: string;
  /** The rule's own part of the fingerprint, for rules that fire more than once per resource. */
  key?: string;
  /** A map of the concrete values behind the finding. */
  evidence?: string;
  fix?: { description: string; patch: string };
}

/** A rule as written in a policy file (see docs/policies.md): metadata and one or more clauses. */
export interface RuleDefinition extends RuleMetadata, RuleClause {
  parameters?: Record<string, { default: unknown; description: string }>;
  /** Further clauses on other resources, sharing the rule's id, metadata and parameters. */
  clauses?: RuleClause[];
}
