import type { YamlDocument } from './yaml-reader';

/** Splits a JSON Pointer (RFC 6901) into its unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function toPointer(segments: (string | number)[]): string {
  return segments.map((segment) => '/' + String(segment).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

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
