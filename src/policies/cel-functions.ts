import { celFunc, celList, CelScalar, listType, type CelFunc, type CelList } from '@bufbuild/cel';
import { pointerSegments, toPointer } from '../json-pointer/json-pointer';
import { celToJs } from './cel-values';
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
const EMPTY_MAP = new Map<string, never>();

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

export function celFunctions(holder: ContextHolder): CelFunc[] {
  const ctx = (): ManifestContext => {
    if (!holder.current) throw new Error('no manifest is being evaluated');
    return holder.current;
  };
  // Rules ask personal(holds(x)) many times per system: remember the answer per list object.
  const filtered = (test: (classes: ManifestContext['classes'], key: string) => boolean) => {
    let memo = new WeakMap<CelList, string[]>();
    let memoFor: ManifestContext | undefined;
    return (list: CelList): string[] => {
      const context = ctx();
      if (memoFor !== context) {
        memo = new WeakMap();
        memoFor = context;
      }
      let keys = memo.get(list);
      if (!keys) {
        keys = toArray(list).filter((key) => test(context.classes, key));
        memo.set(list, keys);
      }
      return keys;
    };
  };
  // List-valued lookups hand out one list object per manifest and argument: CEL does not
  // rebuild it on every call, and the class filters above can remember their answers per list.
  const lists = new WeakMap<ManifestContext, Map<string, CelList>>();
  const listLookup = (name: string, compute: (context: ManifestContext, argument: string) => string[]) => {
    return (argument: string): CelList => {
      const context = ctx();
      let cache = lists.get(context);
      if (!cache) lists.set(context, (cache = new Map()));
      const key = `${name}\u0000${argument}`;
      let list = cache.get(key);
      if (!list) cache.set(key, (list = celList(compute(context, argument))));
      return list;
    };
  };
  const principalSystems = (principal: string, end: 'from' | 'to', context: ManifestContext) =>
    [...new Set(context.flowsRunBy(principal).map((flow) => flow[end]))].sort();
  return [
    celFunc(
      'holds',
      [STRING],
      STRINGS,
      listLookup('holds', (context, id) => context.graph.holds(id)),
    ),
    celFunc(
      'carries',
      [STRING],
      STRINGS,
      listLookup('carries', (context, id) => context.graph.carries(id)),
    ),
    celFunc(
      'delivers',
      [STRING],
      STRINGS,
      listLookup('delivers', (context, id) => context.graph.delivers(id)),
    ),
    celFunc(
      'personal',
      [STRINGS],
      STRINGS,
      filtered((classes, key) => classes.isPersonal(key)),
    ),
    celFunc(
      'special',
      [STRINGS],
      STRINGS,
      filtered((classes, key) => classes.isSpecial(key)),
    ),
    celFunc(
      'criminal',
      [STRINGS],
      STRINGS,
      filtered((classes, key) => classes.isCriminal(key)),
    ),
    celFunc(
      'financial',
      [STRINGS],
      STRINGS,
      filtered((classes, key) => classes.isFinancial(key)),
    ),
    celFunc('isUnder', [STRING, STRING], BOOL, (key, ancestor) => ctx().isUnder(key, ancestor)),
    celFunc('distance', [STRING, STRING], INT, (id, key) => BigInt(ctx().graph.distance(id, key) ?? -1)),
    celFunc('inEEA', [STRING], BOOL, (country) => ctx().geography.isInEEA(country)),
    celFunc('isAdequate', [STRING], BOOL, (country) => {
      const decision = ctx().geography.adequacyFor(country, ctx().now);
      return decision !== undefined && decision.condition === undefined;
    }),
    celFunc(
      'adequacyCondition',
      [STRING],
      STRING,
      (country) => ctx().geography.adequacyFor(country, ctx().now)?.condition ?? '',
    ),
    celFunc(
      'adequacyScope',
      [STRING],
      STRING,
      (country) => ctx().geography.adequacyFor(country, ctx().now)?.scope ?? '',
    ),
    celFunc('isProfiling', [STRING], BOOL, (use) => /(^|\.)(profiling|profiled|targeted)(\.|$)/.test(use)),
    celFunc('system', [STRING], DYN, (id) => (ctx().systemView(id) ?? EMPTY_MAP) as never),
    celFunc(
      'purposesInto',
      [STRING],
      STRINGS,
      listLookup('purposesInto', (context, id) => context.purposesInto(id)),
    ),
    celFunc(
      'grantSystems',
      [STRING],
      STRINGS,
      listLookup('grantSystems', (context, id) => (id === '*' ? context.systemIds : [id])),
    ),
    celFunc(
      'flowsRunBy',
      [STRING],
      STRINGS,
      listLookup('flowsRunBy', (context, principal) => context.flowsRunBy(principal).map((flow) => flow.id)),
    ),
    celFunc(
      'readsOf',
      [STRING],
      STRINGS,
      listLookup('readsOf', (context, p) => principalSystems(p, 'from', context)),
    ),
    celFunc(
      'writesOf',
      [STRING],
      STRINGS,
      listLookup('writesOf', (context, p) => principalSystems(p, 'to', context)),
    ),
    celFunc('daysUntil', [STRING], INT, (date) => {
      const time = Date.parse(date);
      if (Number.isNaN(time)) throw new Error(`'${date}' is not a date`);
      return BigInt(Math.floor((time - ctx().now.getTime()) / 86_400_000));
    }),
    celFunc(
      'patchSet',
      [STRING, DYN],
      DYN,
      (pointer, value) => patchSet(ctx().manifest, pointer, celToJs(value)) as never,
    ),
    celFunc(
      'patchAppend',
      [STRING, DYN],
      DYN,
      (pointer, value) => patchAppend(ctx().manifest, pointer, celToJs(value)) as never,
    ),
  ];
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
