import { celList, celMap, isCelList, isCelMap, isCelUint, type CelInput } from '@bufbuild/cel';

/** Converts what a CEL expression returned into plain JSON-friendly JavaScript. */
export function celToJs(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (isCelUint(value)) return Number(value.value);
  if (isCelList(value)) return [...value].map(celToJs);
  if (isCelMap(value)) {
    const object: Record<string, unknown> = {};
    for (const [key, entry] of value) object[String(key)] = celToJs(entry);
    return object;
  }
  return value;
}

/**
 * Converts plain data into CEL maps and lists once. CEL would otherwise rebuild a map from a
 * plain object on every field access, which dominated evaluation time.
 */
export function jsToCel(value: unknown): CelInput {
  if (Array.isArray(value)) return celList(value.map(jsToCel));
  if (value !== null && typeof value === 'object' && !isCelMap(value) && !isCelList(value)) {
    return celMap(new Map(Object.entries(value).map(([key, entry]) => [key, jsToCel(entry)])));
  }
  return value as CelInput;
}

const converted = new WeakMap<object, CelInput>();

/**
 * The variables as @bufbuild/cel takes them: each object converted once (views are shared by
 * many resources); `params` stays plain, as CEL reads rule parameters directly.
 */
export function celVariables(variables: Record<string, unknown>): Record<string, unknown> {
  const cel: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(variables)) {
    if (name === 'params' || value === null || typeof value !== 'object') {
      cel[name] = value;
      continue;
    }
    let celValue = converted.get(value);
    if (celValue === undefined) converted.set(value, (celValue = jsToCel(value)));
    cel[name] = celValue;
  }
  return cel;
}
