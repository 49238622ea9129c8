import { loadManifests } from '../manifests/manifest-loader';
import { formatProblem, InputError } from '../core/input-error';
import { EXIT_PASSED } from './exit-codes';
import { readSources } from './scanner-factory';

/** `vigil validate`: parse and check manifests against the schema and references, run no rule. */
export function runValidate(paths: string[], options: { strict?: boolean }): number {
  const result = loadManifests(readSources(paths), { strict: options.strict });
  if (result.errors.length > 0) throw new InputError(result.errors);
  for (const warning of result.warnings) process.stderr.write(`${formatProblem(warning)}\n`);
  process.stdout.write(`${result.manifests.length} manifest(s) valid\n`);
  return EXIT_PASSED;
}
