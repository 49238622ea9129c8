import { isCelList, isCelMap, isCelUint } from '@bufbuild/cel';

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
