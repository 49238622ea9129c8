import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The project's `data/` folder; the same relative path works from `src/` and from `dist/`. */
export const DATA_DIR = path.join(__dirname, '../../data');

/** Reads one JSON file under `data/`, e.g. `readDataFile('geography/eea.json')`. */
export function readDataFile<T>(relativePath: string): T {
  const file = path.join(DATA_DIR, relativePath);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new Error(`cannot read reference data ${file}: ${(error as Error).message}`, { cause: error });
  }
}
