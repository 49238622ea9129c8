import * as fs from 'node:fs';
import { UsageError } from './usage-error';

/** Writes an `--output` file; a path that cannot be written is the user's to fix (exit 2), not a crash. */
export function writeOutputFile(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (error) {
    throw new UsageError(
      `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
