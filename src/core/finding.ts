import type { RuleReference } from './rule-metadata';
import type { Severity } from './severity';

export type ResourceType = 'system' | 'flow' | 'grant' | 'manifest';

export interface ResourceRef {
  type: ResourceType;
  id: string;
}

/** One step of a witness path: the flow that carries the data one hop further. */
export interface WitnessStep {
  flow: string;
  from: string;
  to: string;
}

/** RFC 6902 operation; `path` is a JSON Pointer into the manifest document. */
export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: unknown;
  from?: string;
}

export interface Suppression {
  source: 'inline' | 'baseline';
  reason: string;
  expires?: string;
  /** The project refuses inline suppressions (inlineSuppressions: refuse): reported, not honoured. */
  refused?: true;
}

export interface Finding {
  ruleId: string;
  title: string;
  module: string;
  severity: Severity;
  /** metadata.name of the manifest the finding is in. */
  manifest: string;
  /** Path of the file as given on the command line or in the upload. */
  file: string;
  /** 1-based position of the offending node. */
  line: number;
  column: number;
  /** JSON Pointer of the offending node within its document, e.g. /systems/2/retentionDays. */
  pointer: string;
  resource: ResourceRef;
  /** Names the concrete values (secrets already masked). */
  message: string;
  /** The concrete values the rule looked at, for evidence in the API and reports. */
  evidence: Record<string, unknown>;
  references: RuleReference[];
  remediation: string;
  /** Path rules: the shortest chain of flows that brings the data to the resource. */
  witnessPath?: WitnessStep[];
  fix?: { description: string; patch: JsonPatchOperation[] };
  /** Stable across scans and edits that move blocks: rule, manifest, resource and the rule's own key. */
  fingerprint: string;
  suppression?: Suppression;
  /**
   * SHA-256 (hex) binding a waiver to what it waived: the rule, its evidence, the witness path
   * and the resource's declaration (policies/evidence-digest.ts). Another value means another risk.
   */
  evidenceHash?: string;
  baselineState?: 'new' | 'unchanged' | 'absent';
}

/** One rule evaluated on one resource (JUnit renders one test case per check). */
export interface Check {
  ruleId: string;
  manifest: string;
  file: string;
  resource: ResourceRef;
  /** Set when the rule could not judge the resource: why (JUnit renders it skipped). */
  notEvaluated?: string;
}

/**
 * A rule that could not judge a resource of an imported estate, because a field it needs is one
 * the resource's sources cannot state (Fides has no encryption, Terraform no data categories) or
 * the plan leaves unknown: reported instead of a finding on the absence or a silent pass.
 */
export interface NotEvaluated {
  ruleId: string;
  title: string;
  severity: Severity;
  manifest: string;
  /** The original input (the plan, the Fides file, the events) and the resource's place in it. */
  file: string;
  line: number;
  column: number;
  resource: ResourceRef;
  reason: string;
}
