import { pointerSegments } from '../json-pointer/json-pointer';
import type { YamlDocument } from './yaml-reader';

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
