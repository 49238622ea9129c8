import type { parse } from '@bufbuild/cel';
import type { CelParameterType, VigilFunction } from './cel-functions';

type ParsedExpr = ReturnType<typeof parse>;
type Expr = NonNullable<ParsedExpr['expr']>;

/**
 * Thrown when a value leaves what the closures handle (an error, an unusual type): the caller
 * then evaluates the expression with the reference CEL engine, which gives CEL's exact answer
 * or error. The closures never decide a case they are unsure of.
 */
export class OffFastPath extends Error {}

const OFF = new OffFastPath('off the fast path');

/** A compiled expression: the variables (plain data, CEL ints as bigint) in, a plain value out. */
export type Closure = (variables: Readonly<Record<string, unknown>>) => unknown;

interface Frame {
  variables: Readonly<Record<string, unknown>>;
  /** Comprehension variables, by the slot given to each at compile time. */
  locals: unknown[];
}

type Node = (frame: Frame) => unknown;

/**
 * Compiles the common part of CEL (field access, has(), logic, comparisons, +, in, size,
 * string(), double(), join(), literals, the list macros, Vigil's functions) into JavaScript
 * closures over plain data, once per expression. It evaluates no code and reads only own
 * fields of plain objects, so an expression can reach nothing but its variables; like CEL it
 * has no loops but over finite lists. An expression using anything else gets no closure
 * (undefined), and a value the closures do not handle stops them (OffFastPath): either way
 * the reference engine evaluates it, so results and errors are CEL's.
 */
export function compileClosure(
  parsed: ParsedExpr,
  functions: readonly VigilFunction[],
  variableNames: readonly string[],
): Closure | undefined {
  const byName = new Map(functions.map((fn) => [fn.name, fn]));
  const declared = new Set(variableNames);
  let slots = 0;
  const compile = (expr: Expr | undefined, scope: Map<string, number>): Node | undefined => {
    if (!expr) return undefined;
    const kind = expr.exprKind;
    switch (kind.case) {
      case 'constExpr': {
        const constant = kind.value.constantKind;
        switch (constant.case) {
          case 'boolValue':
          case 'stringValue':
          case 'doubleValue':
          case 'int64Value': {
            const value = constant.value;
            return () => value;
          }
          case 'nullValue':
            return () => null;
          default:
            return undefined;
        }
      }
      case 'identExpr': {
        const name = kind.value.name;
        const slot = scope.get(name);
        if (slot !== undefined) return (frame) => frame.locals[slot];
        if (!declared.has(name)) return undefined;
        return (frame) => {
          const value = Object.hasOwn(frame.variables, name) ? frame.variables[name] : undefined;
          if (value === undefined) throw OFF;
          return value;
        };
      }
      case 'selectExpr': {
        const operand = compile(kind.value.operand, scope);
        if (!operand) return undefined;
        const field = kind.value.field;
        if (kind.value.testOnly) {
          return (frame) => Object.hasOwn(record(operand(frame)), field);
        }
        return (frame) => {
          const object = record(operand(frame));
          const value = Object.hasOwn(object, field) ? object[field] : undefined;
          if (value === undefined) throw OFF;
          return value;
        };
      }
      case 'listExpr': {
        if (kind.value.optionalIndices.length > 0) return undefined;
        const elements = compileAll(kind.value.elements, scope);
        if (!elements) return undefined;
        return (frame) => elements.map((element) => element(frame));
      }
      case 'structExpr': {
        if (kind.value.messageName !== '') return undefined;
        const entries: [Node, Node][] = [];
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case !== 'mapKey' || entry.optionalEntry) return undefined;
          const key = compile(entry.keyKind.value, scope);
          const value = compile(entry.value, scope);
          if (!key || !value) return undefined;
          entries.push([key, value]);
        }
        return (frame) => {
          const map: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
          for (const [key, value] of entries) {
            const name = key(frame);
            if (typeof name !== 'string' || Object.hasOwn(map, name)) throw OFF;
            map[name] = value(frame);
          }
          return map;
        };
      }
      case 'comprehensionExpr': {
        const c = kind.value;
        if (c.iterVar2 !== '') return undefined;
        const range = compile(c.iterRange, scope);
        const init = compile(c.accuInit, scope);
        if (!range || !init) return undefined;
        const inner = new Map(scope);
        const iterSlot = slots++;
        const accuSlot = slots++;
        inner.set(c.iterVar, iterSlot);
        inner.set(c.accuVar, accuSlot);
        const condition = compile(c.loopCondition, inner);
        const step = compile(c.loopStep, inner);
        const resultScope = new Map(scope);
        resultScope.set(c.accuVar, accuSlot);
        const result = compile(c.result, resultScope);
        if (!condition || !step || !result) return undefined;
        return (frame) => {
          const items = range(frame);
          if (!Array.isArray(items)) throw OFF;
          frame.locals[accuSlot] = init(frame);
          for (const item of items) {
            frame.locals[iterSlot] = item;
            const go = condition(frame);
            if (go === false) break;
            if (go !== true) throw OFF;
            frame.locals[accuSlot] = step(frame);
          }
          return result(frame);
        };
      }
      case 'callExpr':
        return compileCall(kind.value.function, kind.value.target, kind.value.args, scope);
      default:
        return undefined;
    }
  };
  const compileAll = (exprs: Expr[], scope: Map<string, number>): Node[] | undefined => {
    const nodes: Node[] = [];
    for (const expr of exprs) {
      const node = compile(expr, scope);
      if (!node) return undefined;
      nodes.push(node);
    }
    return nodes;
  };
  const compileCall = (
    name: string,
    target: Expr | undefined,
    argExprs: Expr[],
    scope: Map<string, number>,
  ): Node | undefined => {
    if (name === '_+_' && !target && argExprs.length === 2) return compileSum(argExprs, scope);
    const args = compileAll(target ? [target, ...argExprs] : argExprs, scope);
    if (!args) return undefined;
    const [a, b, c] = args;
    const arity = args.length;
    if (target) {
      if (name === 'join' && (arity === 1 || arity === 2)) {
        return (frame) => {
          const list = a(frame);
          const separator = b ? b(frame) : '';
          if (!Array.isArray(list) || typeof separator !== 'string') throw OFF;
          let joined = '';
          list.forEach((item, i) => {
            if (typeof item !== 'string') throw OFF;
            joined += i > 0 ? separator + item : item;
          });
          return joined;
        };
      }
      if (name === 'size' && arity === 1) return (frame) => size(a(frame));
      return undefined;
    }
    switch (`${name}/${arity}`) {
      case '_&&_/2':
        return (frame) => {
          const left = a(frame);
          if (left === false) return false;
          if (left !== true) throw OFF;
          return bool(b(frame));
        };
      case '_||_/2':
        return (frame) => {
          const left = a(frame);
          if (left === true) return true;
          if (left !== false) throw OFF;
          return bool(b(frame));
        };
      case '!_/1':
        return (frame) => !bool(a(frame));
      case '@not_strictly_false/1':
        return (frame) => bool(a(frame));
      case '_?_:_/3':
        return (frame) => (bool(a(frame)) ? b(frame) : c(frame));
      case '_==_/2':
        return (frame) => equal(a(frame), b(frame));
      case '_!=_/2':
        return (frame) => !equal(a(frame), b(frame));
      case '_<_/2':
        return (frame) => number(a(frame)) < number(b(frame));
      case '_<=_/2':
        return (frame) => number(a(frame)) <= number(b(frame));
      case '_>_/2':
        return (frame) => number(a(frame)) > number(b(frame));
      case '_>=_/2':
        return (frame) => number(a(frame)) >= number(b(frame));
      case '_+_/2':
        return (frame) => add(a(frame), b(frame));
      case '@in/2':
        return (frame) => {
          const item = a(frame);
          const list = b(frame);
          if (!Array.isArray(list)) throw OFF;
          for (const element of list) if (equal(item, element)) return true;
          return false;
        };
      case 'size/1':
        return (frame) => size(a(frame));
      case 'string/1':
        return (frame) => {
          const value = a(frame);
          if (typeof value === 'string') return value;
          if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean')
            return value.toString();
          throw OFF;
        };
      case 'double/1':
        return (frame) => {
          const value = a(frame);
          if (typeof value === 'number') return value;
          if (typeof value === 'bigint' || typeof value === 'string') return Number(value);
          throw OFF;
        };
    }
    const fn = byName.get(name);
    if (!fn || fn.params.length !== arity) return undefined;
    const call = fn.call as (...values: unknown[]) => unknown;
    const params = fn.params;
    if (arity === 1) return (frame) => call(argument(params[0], a(frame)));
    if (arity === 2) return (frame) => call(argument(params[0], a(frame)), argument(params[1], b(frame)));
    return undefined;
  };
  /** The terms of a left-nested chain of + (a + b + c is (a + b) + c), in order. */
  const sumTerms = (expr: Expr): Expr[] => {
    const kind = expr.exprKind;
    const nested =
      kind.case === 'callExpr' && kind.value.function === '_+_' && !kind.value.target && kind.value.args.length === 2;
    return nested ? [...sumTerms(kind.value.args[0]), kind.value.args[1]] : [expr];
  };
  // A message is a long chain of +: one node adds the terms in CEL's order, to the same values.
  const compileSum = (argExprs: Expr[], scope: Map<string, number>): Node | undefined => {
    const terms = compileAll([...sumTerms(argExprs[0]), argExprs[1]], scope);
    if (!terms) return undefined;
    return (frame) => {
      let sum = terms[0](frame);
      for (let i = 1; i < terms.length; i++) {
        const term = terms[i](frame);
        sum = typeof sum === 'string' && typeof term === 'string' ? sum + term : add(sum, term);
      }
      return sum;
    };
  };
  const root = compile(parsed.expr, new Map());
  if (!root) return undefined;
  // CEL cannot call back into itself, so an evaluation never overlaps another of the same
  // expression: one frame per expression is enough.
  const frame: Frame = { variables: {}, locals: new Array<unknown>(slots) };
  return (variables) => {
    frame.variables = variables;
    try {
      return root(frame);
    } finally {
      frame.variables = {};
      frame.locals.fill(undefined);
    }
  };
}

/** A CEL map: a plain object (a manifest section or a map literal), never an array or a class. */
function record(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw OFF;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) throw OFF;
  return value as Record<string, unknown>;
}

function bool(value: unknown): boolean {
  if (typeof value !== 'boolean') throw OFF;
  return value;
}

/** CEL compares ints and doubles by value, as JavaScript compares bigint and number. */
function number(value: unknown): number | bigint {
  if (typeof value !== 'number' && typeof value !== 'bigint') throw OFF;
  return value;
}

/** CEL equality of scalars: values of different types are unequal, ints and doubles by value. */
function equal(a: unknown, b: unknown): boolean {
  const numeric = (typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint');
  if (numeric) return a == b;
  if (isScalar(a) && isScalar(b)) return a === b;
  throw OFF;
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'bigint';
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

function add(a: unknown, b: unknown): unknown {
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    const sum = a + b;
    if (sum > INT64_MAX || sum < INT64_MIN) throw OFF;
    return sum;
  }
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  throw OFF;
}

/** CEL sizes count a string's code points, a list's elements and a map's entries. */
function size(value: unknown): bigint {
  if (typeof value === 'string') {
    let points = value.length;
    // A surrogate pair is one code point.
    for (let i = 0; i < value.length; i++) {
      const unit = value.charCodeAt(i);
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < value.length) {
        const next = value.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          points--;
          i++;
        }
      }
    }
    return BigInt(points);
  }
  if (Array.isArray(value)) return BigInt(value.length);
  return BigInt(Object.keys(record(value)).length);
}

function argument(type: CelParameterType, value: unknown): unknown {
  if (type === 'string') {
    if (typeof value !== 'string') throw OFF;
    return value;
  }
  if (type === 'strings') {
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw OFF;
    return value;
  }
  return plainValue(value);
}

/**
 * What a result is outside CEL, as celToJs gives it for the reference engine: ints as numbers,
 * maps as fresh objects, lists as fresh arrays (never the shared lists of the functions).
 */
export function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plainValue);
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') throw OFF;
  if (value !== null && typeof value === 'object') {
    const object: Record<string, unknown> = {};
    for (const key of Object.keys(record(value))) object[key] = plainValue((value as Record<string, unknown>)[key]);
    return object;
  }
  return value;
}
