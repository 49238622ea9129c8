import { celEnv, CelScalar, isCelError, parse, plan, type CelResult } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { InputError, type InputProblem } from '../core/input-error';
import { toPointer } from '../json-pointer/json-pointer';
import { locate } from '../yaml/document-locator';
import { celFunctions, vigilFunctions, type ContextHolder, type VigilFunction } from './cel-functions';
import { compileClosure, plainValue } from './cel-closure-compiler';
import { celToJs, celVariables } from './cel-values';
import { unknownFunctions } from './expression-check';
import type { RuleSource } from './policy-loader';
import type { RuleClause, RuleDefinition } from './rule';
import type { Severity } from '../core/severity';

/** The variables an expression sees, plain data; `params` is set per rule. */
export type Variables = Record<string, unknown>;

/** A compiled expression: its plain result, or ExpressionError when CEL gives an error. */
export type Program = (variables: Variables) => unknown;

/** CEL's evaluation error for an expression (a policy bug, reported per resource). */
export class ExpressionError extends Error {}

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
export const EXPRESSION_VARIABLES = [
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
    variables: Object.fromEntries(EXPRESSION_VARIABLES.map((name) => [name, CelScalar.DYN])),
  });
}

export function compileRules(
  sources: RuleSource[],
  holder: ContextHolder,
  overrides: RuleParameterOverrides = {},
  origin?: OverridesOrigin,
): CompiledRule[] {
  const env = createCelEnvironment(holder);
  const functions = vigilFunctions(holder);
  const problems: InputProblem[] = [];
  const compiled: CompiledRule[] = [];
  for (const source of sources) {
    compiled.push(...compileRule(source, env, functions, overrides[source.definition.id] ?? {}, origin, problems));
  }
  if (problems.length > 0) throw new InputError(problems);
  return compiled;
}

function compileRule(
  { definition, document, bundled }: RuleSource,
  env: ReturnType<typeof createCelEnvironment>,
  functions: readonly VigilFunction[],
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
      return compileExpression(parsed, env, functions);
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
    let compiled: Program | undefined;
    return (variables) => (compiled ??= compileExpression(expression, env, functions))(variables);
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

/**
 * One evaluation path for every rule, bundled or custom: the expression's closures when it
 * has them and they finish, else @bufbuild/cel's plan of it on the same variables converted.
 */
export function compileExpression(
  expression: string | ReturnType<typeof parse>,
  env: ReturnType<typeof createCelEnvironment>,
  functions: readonly VigilFunction[],
): Program {
  const parsed = typeof expression === 'string' ? parse(expression) : expression;
  const reference = plan(env, parsed) as (bindings: Record<string, unknown>) => CelResult;
  const evaluateReference = (variables: Variables): unknown => {
    const result = reference(celVariables(variables));
    if (isCelError(result)) throw new ExpressionError(result.message);
    return celToJs(result);
  };
  const closure = compileClosure(parsed, functions, EXPRESSION_VARIABLES);
  if (!closure) return evaluateReference;
  return (variables) => {
    let value: unknown;
    try {
      value = plainValue(closure(variables));
    } catch {
      // Off the closures' ground (a CEL error, an unusual value): CEL itself decides.
      return evaluateReference(variables);
    }
    return value;
  };
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
