import * as fs from 'node:fs';
import * as path from 'node:path';
import { isCelError, parse, plan } from '@bufbuild/cel';
import * as yaml from 'js-yaml';
import { compileClosure, OffFastPath, plainValue } from '../../src/policies/cel-closure-compiler';
import { vigilFunctions, type ContextHolder } from '../../src/policies/cel-functions';
import { celToJs, celVariables } from '../../src/policies/cel-values';
import { BUNDLED_POLICIES_DIR } from '../../src/policies/policy-loader';
import {
  compileExpression,
  createCelEnvironment,
  EXPRESSION_VARIABLES,
  ExpressionError,
} from '../../src/policies/rule-compiler';
import type { RuleClause, RuleDefinition } from '../../src/policies/rule';

const holder: ContextHolder = { current: undefined };
const env = createCelEnvironment(holder);
const functions = vigilFunctions(holder);

const closureOf = (expression: string) => compileClosure(parse(expression), functions, EXPRESSION_VARIABLES);

/** What @bufbuild/cel alone answers: the plain value, or its error. */
function reference(expression: string, variables: Record<string, unknown>): unknown {
  const program = plan(env, parse(expression)) as (bindings: Record<string, unknown>) => ReturnType<ReturnType<typeof plan>>;
  const result = program(celVariables(variables));
  return isCelError(result) ? { error: result.message } : celToJs(result);
}

function evaluated(expression: string, variables: Record<string, unknown>): unknown {
  try {
    return compileExpression(expression, env, functions)(variables);
  } catch (error) {
    if (error instanceof ExpressionError) return { error: error.message };
    throw error;
  }
}

function bundledExpressions(): string[] {
  const expressions: string[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.yaml')) {
        const rule = yaml.load(fs.readFileSync(full, 'utf8')) as RuleDefinition;
        for (const clause of [rule, ...(rule.clauses ?? [])] as RuleClause[]) {
          expressions.push(clause.condition, clause.message);
          for (const step of clause.escalate ?? []) expressions.push(step.when);
          for (const other of [clause.witness, clause.key, clause.evidence, clause.fix?.patch])
            if (other !== undefined) expressions.push(other);
        }
      }
    }
  };
  walk(BUNDLED_POLICIES_DIR);
  return expressions;
}

const system = {
  id: 's1',
  kind: 'database',
  retentionDays: 400,
  name: 'héé😀',
  tags: ['a', 'b'],
  location: { country: 'SG' },
  encryption: {},
};
const variables = { system, params: { max: 365, minTls: '1.2', list: ['x'] }, resource: '/systems/0' };

describe('the closure compiler of CEL expressions', () => {
  it('compiles every expression of the bundled rules, so none needs the slower engine', () => {
    const missing = bundledExpressions().filter((expression) => closureOf(expression) === undefined);
    expect(missing).toEqual([]);
  });

  it.each([
    'system.retentionDays > params.max',
    'system.retentionDays > 399 && system.retentionDays < 401.5',
    'system.retentionDays == 400',
    "system.retentionDays == '400'",
    "system.kind == null || system.kind != 'database'",
    "system.kind in ['queue', 'database']",
    "'database' in system.tags",
    'size(system.name) == 4 && size(system.tags) == 2 && system.tags.size() == 2',
    "size({'a': 1, 'b': 2})",
    "string(system.retentionDays) + ' days, ' + string(params.max) + string(true)",
    "double(params.minTls) < double('1.3') && double(1) == 1.0",
    "system.tags.join(', ') + system.tags.join()",
    "system.tags.filter(t, t != 'a').map(t, t + '!')",
    "system.tags.exists(t, t == 'b') && system.tags.all(t, size(t) == 1) && system.tags.exists_one(t, t == 'a')",
    "system.tags.map(t, system.tags.filter(u, u != t))",
    "{'tags': system.tags, 'n': 2, 'none': null, 'rate': 1.5}",
    "has(system.location.country) && !has(system.encryption.atRest) ? system.location.country : 'none'",
    'has(system.retentionDays) ? system.retentionDays : 0',
    // Errors and what CEL does with them: the closures leave those to @bufbuild/cel.
    'system.encryption.atRest',
    'system.encryption.atRest || true',
    "system.tags.exists(t, t == 1) || system.tags.exists(t, t == 'a')",
    'system.retentionDays + 1',
    '9223372036854775807 + 1',
    "['a', 1].join(', ')",
    "{'a': 1, 'a': 2}",
    'system.missing',
    'flow.id',
    "personal(['user.name', 1])",
  ])('gives the answer of @bufbuild/cel for %s', (expression) => {
    expect(evaluated(expression, variables)).toEqual(reference(expression, variables));
  });

  it('answers on the fast path where CEL gives a value', () => {
    const closure = closureOf("system.tags.filter(t, t != 'a').map(t, t + '!')")!;
    expect(plainValue(closure(variables))).toEqual(['b!']);
  });

  it('leaves an expression to @bufbuild/cel at the first value it does not handle', () => {
    expect(() => closureOf('system.encryption.atRest')!(variables)).toThrow(OffFastPath);
    expect(() => closureOf('9223372036854775807 + 1')!(variables)).toThrow(OffFastPath);
  });

  it('never reaches prototypes: inherited fields do not exist, __proto__ is an ordinary key', () => {
    for (const field of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(() => closureOf(`system.${field}`)!(variables)).toThrow(OffFastPath);
      expect(evaluated(`system.${field}`, variables)).toEqual(reference(`system.${field}`, variables));
      expect(evaluated(`has(system.${field})`, variables)).toBe(false);
    }
    const own = { system: JSON.parse('{"__proto__": {"polluted": true}}') as unknown };
    expect(evaluated('has(system.__proto__) && system.__proto__.polluted', own)).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('evaluates what it does not compile (a custom policy using more of CEL) with @bufbuild/cel', () => {
    for (const expression of ["system.kind.startsWith('data')", 'system.retentionDays - 35 == 365.0', 'int(system.retentionDays) / 3']) {
      expect(closureOf(expression)).toBeUndefined();
      expect(evaluated(expression, variables)).toEqual(reference(expression, variables));
    }
    expect(evaluated("system.kind.startsWith('data')", variables)).toBe(true);
  });
});
