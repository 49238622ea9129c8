import { createBaseline } from '../scanner/baseline';
import { readFileIfPresent } from '../scanner/scan-job';
import { EXIT_PASSED } from './exit-codes';
import { writeOutputFile } from './output-file';
import { createScanner, readSources, type PolicyOptions } from './scanner-factory';

export async function runBaseline(
  paths: string[],
  options: PolicyOptions & { output: string },
): Promise<number> {
  // A baseline records fingerprints; evidence hashes are the service's, for waivers.
  const report = createScanner(options).scan(readSources(paths), {
    readFile: readFileIfPresent,
    evidenceHashes: false,
  });
  const baseline = createBaseline(report.findings);
  writeOutputFile(options.output, `${JSON.stringify(baseline, null, 2)}\n`);
  process.stderr.write(`vigil: recorded ${baseline.findings.length} finding(s) in ${options.output}\n`);
  return EXIT_PASSED;
}
