/** Splits a JSON Pointer (RFC 6901) into its unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  // Most pointers escape nothing: a split is all they need (this runs several times per finding).
  if (!pointer.includes('~')) return pointer.slice(1).split('/');
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => (segment.includes('~') ? segment.replace(/~1/g, '/').replace(/~0/g, '~') : segment));
}

export function toPointer(segments: (string | number)[]): string {
  let pointer = '';
  for (const segment of segments) {
    const text = String(segment);
    pointer += '/' + (/[~/]/.test(text) ? text.replace(/~/g, '~0').replace(/\//g, '~1') : text);
  }
  return pointer;
}
