/** True when `key` is `ancestor` or below it: `user.contact.email` is under `user.contact`, not under `user.con`. */
export function isUnderKey(key: string, ancestor: string): boolean {
  return (
    key === ancestor ||
    (key.length > ancestor.length && key.startsWith(ancestor) && key[ancestor.length] === '.')
  );
}

export function lastSegment(key: string): string {
  return key.slice(key.lastIndexOf('.') + 1);
}
