/**
 * Where a parsed JSON value (or a query object) holds a string with U+0000 in a key or a value,
 * as a path such as `manifests[2].content`: PostgreSQL text cannot store the character, so such
 * input is refused at the door instead of failing in the database. Undefined when there is none.
 * Walks with its own stack: a deeply nested body must not overflow the call stack.
 */
export function findNulCharacter(value: unknown): string | undefined {
  const pending: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (pending.length > 0) {
    const { value: current, path } = pending.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return path || '(the whole value)';
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--)
        pending.push({ value: current[index], path: `${path}[${index}]` });
    } else if (current !== null && typeof current === 'object') {
      const keys = Object.keys(current);
      for (let index = keys.length - 1; index >= 0; index--) {
        const key = keys[index];
        const keyPath = memberPath(path, key);
        if (key.includes('\u0000')) return keyPath;
        pending.push({ value: (current as Record<string, unknown>)[key], path: keyPath });
      }
    }
  }
  return undefined;
}

function memberPath(path: string, key: string): string {
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}
