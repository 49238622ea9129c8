import { celEnv, CelScalar, parse, plan, type CelResult } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { InputError, type InputProblem } from '../core/input-error';
import { toPointer } from '../json-pointer/json-pointer';
import { locate } from '../yaml/document-locator';
import { celFunctions, type ContextHolder } from './cel-functions';
import { unknownFunctions } from './expression-check';
import type { RuleSource } from './policy-loader';
import type { RuleClause, RuleDefinition } from './rule';
import type { Severity } from '../core/severity';

export type Program = (bindings: Record<string, unknown>) => CelResult;

/** One clause of a rule ready to evaluate: every expression parsed and planned once. */
export interface CompiledRule {
  definition: RuleDefinition;
  clause: RuleClause;
  params: Record<string, unknown>;
  condition: Program;
  message: Program;
  escalate: { when: Program; severity: Severity }[];
  witness?: Program;
  key?: Program;
  evidence?: Program;
  fixPatch?: Program;
}

/** Per-rule parameter overrides, e.g. { 'GDPR-RET-001': { maxRetentionDays: 365 } }. */
export type RuleParameterOverrides = Record<string, Record<string, unknown>>;

/**
 * Where overrides are written (the CLI's `--config` file), so that their errors point there.
 * Plain data, so it travels to worker threads with the rest of a policy selection.
 */
export interface OverridesOrigin {
  file: string;
  /** 1-based positions by JSON Pointer into the file: `/rules/<id>` and `/rules/<id>/<parameter>`. */
  positions: Record<string, { line: number; column: number }>;
}

/** The place of an override in its origin: the parameter, else its rule, else the whole file. */
export function overrideProblem(
  origin: OverridesOrigin | undefined,
  ruleId: string,
  parameter: string | undefined,
  message: string,
): InputProblem {
  if (origin === undefined) return { file: 'parameters', line: 0, column: 0, message };
  const rulePointer = toPointer(['rules', ruleId]);
  const position = (parameter !== undefined
    ? origin.positions[toPointer(['rules', ruleId, parameter])]
    : undefined) ??
    origin.positions[rulePointer] ?? { line: 0, column: 0 };
  return { file: origin.file, ...position, message };
}

/** Names every expression may read; which are set depends on the resource a rule applies to. */
const VARIABLES = [
  'system',
  'flow',
  'grant',
  'secret',
  'certificate',
  'source',
  'target',
  'params',
  'resource',
  'manifest',
];

export function createCelEnvironment(holder: ContextHolder) {
  return celEnv({
    funcs: [...strings, ...celFunctions(holder)],
    variables: Object.fromEntries(VARIABLES.map((name) => [name, CelScalar.DYN])),
  });
}

export function compileRules(
  sources: RuleSource[],
  holder: ContextHolder,
  overrides: RuleParameterOverrides = {},
  origin?: OverridesOrigin,
): CompiledRule[] {
  const env = createCelEnvironment(holder);
  const problems: InputProblem[] = [];
  const compiled: CompiledRule[] = [];
  for (const source of sources) {
    compiled.push(...compileRule(source, env, overrides[source.definition.id] ?? {}, origin, problems));
  }
  if (problems.length > 0) throw new InputError(problems);
  return compiled;
}

function compileRule(
  { definition, document, bundled }: RuleSource,
  env: ReturnType<typeof createCelEnvironment>,
  override: Record<string, unknown>,
  origin: OverridesOrigin | undefined,
  problems: InputProblem[],
): CompiledRule[] {
  const before = problems.length;
  const eager = !bundled;
  const compileNow = (expression: string, pointer: string): Program => {
    try {
      const parsed = parse(expression);
      const unknown = eager ? unknownFunctions(env, parsed) : [];
      if (unknown.length > 0)
        throw new Error(`unknown function ${unknown.map((name) => `'${name}'`).join(', ')}`);
      return plan(env, parsed) as Program;
    } catch (error) {
      const reason = (error as Error).message.split('\n')[0];
      problems.push({
        file: document.source.file,
        ...locate(document, pointer),
        message: `invalid CEL: ${reason}`,
      });
      return () => false;
    }
  };
  // Conditions run on every resource, so they compile up front. The other expressions only run
  // when a rule fires; for bundled rules (checked by the test suite) they compile on first use,
  // which keeps a CLI cold start short. Custom policies compile everything up front so a broken
  // expression is reported at load, not in the middle of a scan.
  const compile = (expression: string, pointer: string): Program => {
    if (eager) return compileNow(expression, pointer);
    let program: Program | undefined;
    return (bindings) => (program ??= plan(env, parse(expression)) as Program)(bindings);
  };
  const params = resolveParameters(definition, override, (parameter, message) =>
    problems.push(overrideProblem(origin, definition.id, parameter, message)),
  );
  const clauses: [RuleClause, string][] = [
    [definition, ''],
    ...(definition.clauses ?? []).map((clause, i): [RuleClause, string] => [clause, `/clauses/${i}`]),
  ];
  const compiled = clauses.map(([clause, at]): CompiledRule => ({
    definition,
    clause,
    params,
    condition: compileNow(clause.condition, `${at}/condition`),
    message: compile(clause.message, `${at}/message`),
    escalate: (clause.escalate ?? []).map((step, i) => ({
      when: compile(step.when, `${at}/escalate/${i}/when`),
      severity: step.severity,
    })),
    witness: clause.witness === undefined ? undefined : compile(clause.witness, `${at}/witness`),
    key: clause.key === undefined ? undefined : compile(clause.key, `${at}/key`),
    evidence: clause.evidence === undefined ? undefined : compile(clause.evidence, `${at}/evidence`),
    fixPatch: clause.fix === undefined ? undefined : compile(clause.fix.patch, `${at}/fix/patch`),
  }));
  return problems.length === before ? compiled : [];
}

/** Defaults from the rule file, overridden by the project's configuration (same type only). */
function resolveParameters(
  definition: RuleDefinition,
  override: Record<string, unknown>,
  problem: (parameter: string, message: string) => void,
): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [name, parameter] of Object.entries(definition.parameters ?? {}))
    params[name] = parameter.default;
  for (const [name, value] of Object.entries(override)) {
    if (!(name in params)) {
      const known = Object.keys(params).join(', ') || 'none';
      problem(name, `rule ${definition.id} has no parameter '${name}' (it has: ${known})`);
    } else if (typeof value !== typeof params[name] || Array.isArray(value) !== Array.isArray(params[name])) {
      problem(
        name,
        `parameter ${definition.id}.${name} must be a ${typeof params[name]}, got ${JSON.stringify(value)}`,
      );
    } else params[name] = value;
  }
  return params;
}
