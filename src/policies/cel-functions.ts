import { celFunc, celList, CelScalar, listType, type CelFunc, type CelList } from '@bufbuild/cel';
import { pointerSegments, toPointer } from '../json-pointer/json-pointer';
import { celToJs, jsToCel } from './cel-values';
import type { ManifestContext } from './manifest-context';

/**
 * The functions policy conditions may call. They read the manifest being evaluated through a
 * holder the engine points at each manifest in turn: CEL functions are registered once, so they
 * cannot close over per-manifest state. None of them has side effects.
 */
export interface ContextHolder {
  current: ManifestContext | undefined;
}

const STRING = CelScalar.STRING;
const BOOL = CelScalar.BOOL;
const INT = CelScalar.INT;
const DYN = CelScalar.DYN;
const STRINGS = listType(STRING);
const EMPTY_OBJECT: Record<string, never> = Object.freeze({});

function toArray(list: CelList): string[] {
  const keys: string[] = [];
  for (const value of list) keys.push(String(value));
  return keys;
}

/** Catalogue of the functions with their signatures, for `vigil policies --functions` and the docs. */
export const CEL_FUNCTION_DOCS: Record<string, string> = {
  'holds(systemId) list<string>':
    'categories a system holds: its own plus all that flows deliver, after transforms',
  'carries(flowId) list<string>': 'categories a flow reads from its source, before its transforms',
  'delivers(flowId) list<string>': 'categories a flow delivers, after its transforms',
  'personal(list) list<string>': 'the personal-data categories (under user) of a list',
  'special(list) list<string>': 'the GDPR Art. 9 special categories of a list',
  'criminal(list) list<string>': 'the GDPR Art. 10 criminal-data categories of a list',
  'financial(list) list<string>': 'the financial categories (under user.financial) of a list',
  'isUnder(key, ancestor) bool': 'key equals ancestor or sits below it in the taxonomy',
  'distance(systemId, category) int':
    'flows between the nearest system listing the category and this one (-1: not held)',
  'inEEA(country) bool': 'the country is in the European Economic Area',
  'isAdequate(country) bool':
    'an EU adequacy decision without a recipient condition covers the country today',
  'adequacyCondition(country) string':
    "the recipient condition of the country's adequacy decision ('' if none)",
  'adequacyScope(country) string': "the scope of the country's adequacy decision ('' if none or unlimited)",
  'isProfiling(dataUse) bool': 'the data use is profiling (a segment profiling, profiled or targeted)',
  'system(id) map': 'the system with this id (an empty map if none)',
  'grantSystems(systemOrStar) list<string>': "the system ids a grant covers ('*' is every system)",
  'flowsRunBy(principal) list<string>': 'ids of the flows whose runAs names the principal',
  'readsOf(principal) list<string>': 'systems the flows of a principal read from',
  'writesOf(principal) list<string>': 'systems the flows of a principal write to',
  'purposesInto(systemId) list<string>': 'the purposes (data uses) of the flows that deliver to a system',
  'patchSet(pointer, value) list<map>': 'a JSON Patch that sets the value, adding missing parent sections',
  'patchAppend(pointer, value) list<map>': 'a JSON Patch that appends to a list, creating it when missing',
  'daysUntil(date) int': 'whole days from the scan date to an ISO date (negative when past)',
};

/** What a function takes and returns, in CEL terms; `strings` is list<string>. */
export type CelParameterType = 'string' | 'strings' | 'dyn';
export type CelResultType = 'string' | 'strings' | 'bool' | 'int' | 'dyn';

/**
 * A function conditions may call, on plain JavaScript values: strings, string arrays, plain
 * objects, booleans, and bigint for CEL ints. Both evaluators use these: the closure compiler
 * calls them directly, @bufbuild/cel through the adapters of celFunctions().
 */
export interface VigilFunction {
  name: string;
  params: CelParameterType[];
  result: CelResultType;
  call: (...args: never[]) => unknown;
}

export function vigilFunctions(holder: ContextHolder): VigilFunction[] {
  const ctx = (): ManifestContext => {
    if (!holder.current) throw new Error('no manifest is being evaluated');
    return holder.current;
  };
  // Rules ask personal(holds(x)) many times per system: remember the answer per list object.
  const filtered = (test: (classes: ManifestContext['classes'], key: string) => boolean) => {
    let memo = new WeakMap<readonly string[], string[]>();
    let memoFor: ManifestContext | undefined;
    return (list: readonly string[]): string[] => {
      const context = ctx();
      if (memoFor !== context) {
        memo = new WeakMap();
        memoFor = context;
      }
      let keys = memo.get(list);
      if (!keys) {
        keys = list.filter((key) => test(context.classes, key));
        memo.set(list, keys);
      }
      return keys;
    };
  };
  // List-valued lookups hand out one array per manifest and argument, so the class filters
  // above can remember their answers per list.
  const listLookup = (compute: (context: ManifestContext, argument: string) => string[]) => {
    let cache = new Map<string, string[]>();
    let cacheFor: ManifestContext | undefined;
    return (argument: string): string[] => {
      const context = ctx();
      if (cacheFor !== context) {
        cache = new Map();
        cacheFor = context;
      }
      let list = cache.get(argument);
      if (!list) cache.set(argument, (list = compute(context, argument)));
      return list;
    };
  };
  const principalSystems = (principal: string, end: 'from' | 'to', context: ManifestContext) =>
    [...new Set(context.flowsRunBy(principal).map((flow) => flow[end]))].sort();
  const fn = (
    name: string,
    params: CelParameterType[],
    result: CelResultType,
    call: (...args: never[]) => unknown,
  ): VigilFunction => ({ name, params, result, call });
  return [
    fn('holds', ['string'], 'strings', listLookup((context, id) => context.graph.holds(id))),
    fn('carries', ['string'], 'strings', listLookup((context, id) => context.graph.carries(id))),
    fn('delivers', ['string'], 'strings', listLookup((context, id) => context.graph.delivers(id))),
    fn('personal', ['strings'], 'strings', filtered((classes, key) => classes.isPersonal(key))),
    fn('special', ['strings'], 'strings', filtered((classes, key) => classes.isSpecial(key))),
    fn('criminal', ['strings'], 'strings', filtered((classes, key) => classes.isCriminal(key))),
    fn('financial', ['strings'], 'strings', filtered((classes, key) => classes.isFinancial(key))),
    fn('isUnder', ['string', 'string'], 'bool', (key: string, ancestor: string) => ctx().isUnder(key, ancestor)),
    fn('distance', ['string', 'string'], 'int', (id: string, key: string) =>
      BigInt(ctx().graph.distance(id, key) ?? -1),
    ),
    fn('inEEA', ['string'], 'bool', (country: string) => ctx().geography.isInEEA(country)),
    fn('isAdequate', ['string'], 'bool', (country: string) => {
      const decision = ctx().geography.adequacyFor(country, ctx().now);
      return decision !== undefined && decision.condition === undefined;
    }),
    fn(
      'adequacyCondition',
      ['string'],
      'string',
      (country: string) => ctx().geography.adequacyFor(country, ctx().now)?.condition ?? '',
    ),
    fn(
      'adequacyScope',
      ['string'],
      'string',
      (country: string) => ctx().geography.adequacyFor(country, ctx().now)?.scope ?? '',
    ),
    fn('isProfiling', ['string'], 'bool', (use: string) => /(^|\.)(profiling|profiled|targeted)(\.|$)/.test(use)),
    fn('system', ['string'], 'dyn', (id: string) => ctx().systemView(id) ?? EMPTY_OBJECT),
    fn('purposesInto', ['string'], 'strings', listLookup((context, id) => context.purposesInto(id))),
    fn(
      'grantSystems',
      ['string'],
      'strings',
      listLookup((context, id) => (id === '*' ? context.systemIds : [id])),
    ),
    fn(
      'flowsRunBy',
      ['string'],
      'strings',
      listLookup((context, principal) => context.flowsRunBy(principal).map((flow) => flow.id)),
    ),
    fn('readsOf', ['string'], 'strings', listLookup((context, p) => principalSystems(p, 'from', context))),
    fn('writesOf', ['string'], 'strings', listLookup((context, p) => principalSystems(p, 'to', context))),
    fn('daysUntil', ['string'], 'int', (date: string) => {
      const time = Date.parse(date);
      if (Number.isNaN(time)) throw new Error(`'${date}' is not a date`);
      return BigInt(Math.floor((time - ctx().now.getTime()) / 86_400_000));
    }),
    fn('patchSet', ['string', 'dyn'], 'dyn', (pointer: string, value: unknown) =>
      patchSet(ctx().manifest, pointer, value),
    ),
    fn('patchAppend', ['string', 'dyn'], 'dyn', (pointer: string, value: unknown) =>
      patchAppend(ctx().manifest, pointer, value),
    ),
  ];
}

/**
 * The functions as @bufbuild/cel calls them: CEL values in, converted to plain ones, and the
 * results converted back (once per object: the lists and views are shared across calls).
 */
export function celFunctions(holder: ContextHolder): CelFunc[] {
  const converted = new WeakMap<object, unknown>();
  const toCel = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    let cel = converted.get(value);
    if (cel === undefined) converted.set(value, (cel = Array.isArray(value) ? celList(value) : jsToCel(value)));
    return cel;
  };
  const fromCel = (type: CelParameterType, value: unknown): unknown =>
    type === 'strings' ? toArray(value as CelList) : type === 'dyn' ? celToJs(value) : value;
  return vigilFunctions(holder).map(({ name, params, result, call }) =>
    celFunc(name, params.map(celType), celType(result), (...args: unknown[]) => {
      const value = (call as (...plain: unknown[]) => unknown)(...args.map((arg, i) => fromCel(params[i], arg)));
      return (result === 'strings' || result === 'dyn' ? toCel(value) : value) as never;
    }),
  );
}

function celType(type: CelParameterType | CelResultType) {
  switch (type) {
    case 'string':
      return STRING;
    case 'strings':
      return STRINGS;
    case 'bool':
      return BOOL;
    case 'int':
      return INT;
    case 'dyn':
      return DYN;
  }
}

/**
 * JSON Patch that sets the value at `pointer`. RFC 6902 `add` needs the parent to exist, so a
 * missing section is added whole at its highest missing level.
 */
export function patchSet(document: unknown, pointer: string, value: unknown): Record<string, unknown>[] {
  const segments = pointerSegments(pointer);
  let node = document;
  let depth = 0;
  while (depth < segments.length - 1) {
    const next = (node as Record<string, unknown> | undefined)?.[segments[depth]];
    if (next === null || typeof next !== 'object') break;
    node = next;
    depth++;
  }
  let nested = value;
  for (let i = segments.length - 1; i > depth; i--) nested = { [segments[i]]: nested };
  return [{ op: 'add', path: toPointer(segments.slice(0, depth + 1)), value: nested }];
}

/** JSON Patch that appends to the list at `pointer`, creating the list when it is missing. */
export function patchAppend(document: unknown, pointer: string, value: unknown): Record<string, unknown>[] {
  let node = document;
  for (const segment of pointerSegments(pointer))
    node = (node as Record<string, unknown> | undefined)?.[segment];
  return Array.isArray(node)
    ? [{ op: 'add', path: `${pointer}/-`, value }]
    : patchSet(document, pointer, [value]);
}
