import * as fs from 'node:fs';
import { DescriptorSink, type OutputSink } from '../output/output-sink';
import { UsageError } from './usage-error';

/**
 * Writes an `--output` file piece by piece; a path that cannot be written is the user's to fix
 * (exit 2), not a crash.
 */
export function writeOutputFile(file: string, write: string | ((sink: OutputSink) => void)): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'w');
  } catch (error) {
    throw cannotWrite(file, error);
  }
  try {
    const sink = new DescriptorSink(fd);
    if (typeof write === 'string') sink.write(write);
    else write(sink);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code) throw cannotWrite(file, error);
    throw error;
  } finally {
    fs.closeSync(fd);
  }
}

function cannotWrite(file: string, error: unknown): UsageError {
  return new UsageError(
    `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
  );
}
