import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './usage-error';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json', '.jsonl']);
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.vigil', 'dist']);

/** Files named on the command line, and the manifests below named folders, in a stable order. */
export function collectManifestFiles(paths: string[]): string[] {
  const files: string[] = [];
  for (const given of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(given);
    } catch {
      throw new UsageError(`${given}: no such file or folder`);
    }
    if (stat.isDirectory()) walk(given, files);
    else files.push(given);
  }
  return [...new Set(files.map(toDisplayPath))];
}

function walk(folder: string, files: string[]): void {
  const entries = fs
    .readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) walk(full, files);
    } else if (entry.isFile() && MANIFEST_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
      files.push(full);
    }
  }
}

/** Paths as users and CI annotations expect them: relative when below the working folder, with '/'. */
function toDisplayPath(file: string): string {
  const relative = path.relative(process.cwd(), path.resolve(file));
  const shown = relative.startsWith('..') || path.isAbsolute(relative) ? path.resolve(file) : relative;
  return shown.split(path.sep).join('/');
}
