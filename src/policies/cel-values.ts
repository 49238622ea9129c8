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
