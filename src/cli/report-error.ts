import { CommanderError } from 'commander';
import { InputError, formatProblem } from '../core/input-error';
import { EXIT_INPUT_ERROR, EXIT_INTERNAL_ERROR } from './exit-codes';
import { UsageError } from './usage-error';

/**
 * Prints what stopped a command and returns its exit code: the user's mistakes (options, input
 * files, the service refusing) are 2, a fault in Vigil itself is 3 with its stack, so a CI job
 * can tell "fix your manifest" from "report a bug".
 */
export function reportError(
  error: unknown,
  stderr: Pick<NodeJS.WriteStream, 'write'> = process.stderr,
): number {
  if (error instanceof CommanderError) {
    // --help and --version end here too, with exit code 0.
    return error.exitCode === 0 ? 0 : EXIT_INPUT_ERROR;
  }
  if (error instanceof InputError) {
    for (const problem of error.problems) stderr.write(`${formatProblem(problem)}\n`);
    stderr.write(`vigil: ${error.problems.length} input error(s); nothing was scanned\n`);
    return EXIT_INPUT_ERROR;
  }
  if (error instanceof UsageError) {
    stderr.write(`vigil: ${error.message}\n`);
    return EXIT_INPUT_ERROR;
  }
  stderr.write(`vigil: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
  return EXIT_INTERNAL_ERROR;
}
