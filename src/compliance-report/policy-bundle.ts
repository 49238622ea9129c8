import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUNDLED_POLICIES_DIR } from '../policies/policy-loader';

let cached: string | undefined;

/**
 * SHA-256 over the bundled policy files (each one's path relative to policies/, a NUL, its
 * bytes, a NUL; in path order): the same rules give the same digest on every machine.
 */
export function policyBundleSha256(dir = BUNDLED_POLICIES_DIR): string {
  if (dir === BUNDLED_POLICIES_DIR && cached) return cached;
  const hash = createHash('sha256');
  for (const file of policyFiles(dir)) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(dir, file)));
    hash.update('\0');
  }
  const digest = hash.digest('hex');
  if (dir === BUNDLED_POLICIES_DIR) cached = digest;
  return digest;
}

function policyFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return policyFiles(dir, relative);
      return /\.ya?ml$/.test(entry.name) ? [relative] : [];
    })
    .sort();
}
