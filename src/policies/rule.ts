import type { RuleMetadata } from '../core/rule-metadata';
import type { Severity } from '../core/severity';

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
  /**
   * Fields the clause judges (slash paths on its resource, `categories` for the data it holds or
   * carries): on an imported resource whose sources cannot state one, the rule reports "not
   * evaluated" with the reason instead of firing on the absence or passing in silence.
   */
  needs?: string[];
}

/** A rule as written in a policy file: metadata and one or more clauses. */
export interface RuleDefinition extends RuleMetadata, RuleClause {
  parameters?: Record<string, { default: unknown; description: string }>;
  /** Further clauses on other resources, sharing the rule's id, metadata and parameters. */
  clauses?: RuleClause[];
}
