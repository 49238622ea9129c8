import { pointerSegments } from '../json-pointer/json-pointer';
import type { ScalarSpan, YamlDocument } from './yaml-reader';

/**
 * Finds where the node at `pointer` is written. A pointer that goes past what exists (a missing
 * field) resolves to the deepest existing ancestor, which is where the field belongs.
 */
export function locate(document: YamlDocument, pointer: string): { line: number; column: number } {
  let node: unknown = document.value;
  let offset = document.start;
  for (const segment of pointerSegments(pointer)) {
    if (node === null || typeof node !== 'object') break;
    const positions = document.positions.get(node);
    const childOffset = positions
      ? Array.isArray(positions.children)
        ? positions.children[Number(segment)]
        : positions.children[segment]
      : undefined;
    if (childOffset === undefined) break;
    offset = childOffset;
    node = (node as Record<string, unknown>)[segment];
  }
  return document.source.position(offset);
}

/**
 * The source span of the string at `pointer` when its value is not written verbatim (escapes,
 * folded lines); undefined for verbatim strings, other nodes and pointers that do not resolve.
 */
export function decodedScalarSpan(document: YamlDocument, pointer: string): ScalarSpan | undefined {
  const segments = pointerSegments(pointer);
  if (segments.length === 0) return undefined;
  let node: unknown = document.value;
  for (const segment of segments.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  if (node === null || typeof node !== 'object') return undefined;
  const last = segments[segments.length - 1];
  const spans = document.positions.get(node)?.decodedScalars;
  return spans?.get(Array.isArray(node) ? Number(last) : last);
}
