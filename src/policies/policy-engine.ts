import type { InputProblem } from '../core/input-error';
import { locate } from '../yaml/document-locator';
import { pointerSegments, toPointer } from '../json-pointer/json-pointer';
import type { LoadedManifest } from '../manifests/manifest-loader';
import type { Finding, JsonPatchOperation, NotEvaluated, WitnessStep } from '../core/finding';
import type { ContextHolder } from './cel-functions';
import type { EvaluationTarget } from './evaluation-targets';
import type { ManifestContext } from './manifest-context';
import { unstatedReason } from './not-evaluated';
import { ExpressionError, type CompiledRule, type Program } from './rule-compiler';
import type { RuleResource } from './rule';
import { evidenceDigest, resourceDeclaration, sha256Hex } from './evidence-digest';

export interface EngineOutput {
  findings: Finding[];
  /** Rules whose expressions failed on a resource: a policy bug, reported but not fatal. */
  problems: InputProblem[];
  /** Every rule and resource pair checked, when asked for. */
  checks?: { ruleId: string; target: EvaluationTarget; notEvaluated?: string }[];
  /** Rules an imported resource's sources cannot feed (empty for native manifests). */
  notEvaluated: NotEvaluated[];
}

export interface EvaluationOptions {
  /** Record every rule and resource pair checked (JUnit). */
  recordChecks?: boolean;
  /** Compute each finding's evidence hash (default true; see ScanOptions.evidenceHashes). */
  evidenceHashes?: boolean;
}

/** Where a node is written: in the manifest's own file, or for an imported estate in the input it came from. */
export function positionIn(loaded: LoadedManifest, pointer: string): { file: string; line: number; column: number } {
  return loaded.origin ? loaded.origin.position(pointer) : { file: loaded.file, ...locate(loaded.document, pointer) };
}

/**
 * Runs compiled rules over a manifest's evaluation targets. Each rule declares the resource
 * type (and system kinds) it applies to, so CEL only runs where it can fire.
 */
export class PolicyEngine {
  private readonly rulesByResource = new Map<RuleResource, CompiledRule[]>();

  constructor(
    readonly rules: CompiledRule[],
    private readonly holder: ContextHolder,
  ) {
    for (const rule of rules) {
      const resource = rule.clause.appliesTo.resource;
      this.rulesByResource.set(resource, [...(this.rulesByResource.get(resource) ?? []), rule]);
    }
  }

  evaluate(
    loaded: LoadedManifest,
    context: ManifestContext,
    targets: EvaluationTarget[],
    options: EvaluationOptions = {},
  ): EngineOutput {
    const { recordChecks = false, evidenceHashes = true } = options;
    const output: EngineOutput = { findings: [], problems: [], checks: recordChecks ? [] : undefined, notEvaluated: [] };
    this.holder.current = context;
    try {
      for (const target of targets) {
        // The resource's declaration is serialised once per target, and only when a rule fires.
        let declaration: string | undefined;
        const declarationOf = evidenceHashes
          ? () => (declaration ??= resourceDeclaration(loaded.document.value, target.resourcePointer))
          : undefined;
        for (const rule of this.rulesByResource.get(target.kind) ?? []) {
          const kinds = rule.clause.appliesTo.kinds;
          if (kinds && !kinds.includes(target.systemKind ?? '')) continue;
          const reason = unstatedReason(rule.clause.needs, target, loaded.origin, context);
          if (reason !== undefined) {
            output.checks?.push({ ruleId: rule.definition.id, target, notEvaluated: reason });
            output.notEvaluated.push({
              ruleId: rule.definition.id,
              title: rule.definition.title,
              severity: rule.definition.severity,
              manifest: loaded.manifest.metadata.name,
              ...positionIn(loaded, target.pointer),
              resource: target.resource,
              reason,
            });
            continue;
          }
          output.checks?.push({ ruleId: rule.definition.id, target });
          const finding = this.evaluateRule(rule, target, loaded, context, output.problems, declarationOf);
          if (finding) output.findings.push(finding);
        }
      }
    } finally {
      this.holder.current = undefined;
    }
    return output;
  }

  private evaluateRule(
    rule: CompiledRule,
    target: EvaluationTarget,
    loaded: LoadedManifest,
    context: ManifestContext,
    problems: InputProblem[],
    /** The resource's declaration for the evidence hash; absent when no hash is wanted. */
    declarationOf: (() => string) | undefined,
  ): Finding | undefined {
    const variables = target.variables;
    variables.params = rule.params;
    const definition = rule.definition;
    const clause = rule.clause;
    const fail = (what: string, error: unknown) => {
      problems.push({
        ...positionIn(loaded, target.pointer),
        message: `rule ${definition.id} could not evaluate its ${what} on ${target.resource.type} '${target.resource.id}': ${(error as Error).message}`,
      });
    };
    const run = (program: Program | undefined, what: string): unknown => {
      if (!program) return undefined;
      try {
        return program(variables);
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        fail(what, error);
        return undefined;
      }
    };

    if (run(rule.condition, 'condition') !== true) return undefined;
    const message = run(rule.message, 'message');
    const severity =
      rule.escalate.find((step) => run(step.when, 'escalation') === true)?.severity ?? definition.severity;
    const key = run(rule.key, 'key');
    const evidence = run(rule.evidence, 'evidence');
    const pointer = clause.at ? `${target.pointer}/${clause.at}` : target.pointer;
    const fixPatch = run(rule.fixPatch, 'fix');
    const witnessPath = clause.witness
      ? this.witness(run(rule.witness, 'witness'), target, context)
      : undefined;
    const manifestName = loaded.manifest.metadata.name;
    const evidenceValues = isRecord(evidence) ? evidence : {};
    return {
      ruleId: definition.id,
      title: definition.title,
      module: definition.module,
      severity,
      manifest: manifestName,
      ...positionIn(loaded, pointer),
      pointer: existingPointer(loaded.document.value, pointer),
      resource: target.resource,
      message: typeof message === 'string' ? message : definition.title,
      evidence: evidenceValues,
      references: definition.references,
      remediation: definition.remediation,
      witnessPath,
      fix:
        clause.fix && Array.isArray(fixPatch) && fixPatch.length > 0
          ? { description: clause.fix.description, patch: fixPatch as JsonPatchOperation[] }
          : undefined,
      fingerprint: fingerprint(manifestName, definition.id, target, typeof key === 'string' ? key : ''),
      ...(declarationOf
        ? { evidenceHash: evidenceDigest(definition.id, evidenceValues, witnessPath, declarationOf()) }
        : {}),
    };
  }

  /** The shortest path among the categories the rule names; none when all are held locally. */
  private witness(
    categories: unknown,
    target: EvaluationTarget,
    context: ManifestContext,
  ): WitnessStep[] | undefined {
    if (!Array.isArray(categories) || target.resource.type !== 'system') return undefined;
    const systemId = target.resource.id;
    let best: { category: string; distance: number } | undefined;
    for (const category of categories as string[]) {
      const distance = context.graph.distance(systemId, category);
      if (distance === undefined || distance === 0) continue;
      if (!best || distance < best.distance || (distance === best.distance && category < best.category)) {
        best = { category, distance };
      }
    }
    return best ? context.graph.witness(systemId, best.category) : undefined;
  }
}

/**
 * Identity of a finding across scans: never the line, so moving a block keeps it. The owning
 * resource and the rule's own key tell apart several findings of one rule on one resource.
 */
function fingerprint(manifest: string, ruleId: string, target: EvaluationTarget, key: string): string {
  const identity = [manifest, ruleId, target.resource.type, target.resource.id, key].join('\u0000');
  return sha256Hex(identity).slice(0, 32);
}

/** The pointer cut back to the deepest node that exists (a missing field points at its parent). */
function existingPointer(document: unknown, pointer: string): string {
  let node = document;
  const kept: string[] = [];
  for (const segment of pointerSegments(pointer)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) break;
    node = (node as Record<string, unknown>)[segment];
    kept.push(segment);
  }
  return toPointer(kept);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
