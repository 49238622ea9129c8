import * as fs from 'node:fs';
import { renderReport, type OutputFormat } from '../output/render-report';
import type { FailOn } from '../core/severity';
import { summarise } from '../output/summary';
import { validateBaseline, type Baseline } from '../scanner/baseline';
import { readFileIfPresent } from '../scanner/scan-job';
import { EXIT_FINDINGS, EXIT_PASSED } from './exit-codes';
import { Scanner } from '../scanner/scanner';
import { collectManifestFiles } from './collect-files';
import { writeOutputFile } from './output-file';
import { scanFiles } from './parallel-scan';
import { policySelection, readSourceFiles, type PolicyOptions } from './scanner-factory';
import { describeVerdict, uploadScan, type ServerOptions } from './server-upload';
import { UsageError } from './usage-error';

export interface ScanCommandOptions extends PolicyOptions, Partial<Omit<ServerOptions, 'failOn'>> {
  format: OutputFormat[];
  output: string[];
  failOn: FailOn;
  baseline?: string;
  strict?: boolean;
  color: boolean;
}

export async function runScan(paths: string[], options: ScanCommandOptions): Promise<number> {
  const targets = outputTargets(options);
  const baseline = options.baseline ? readBaseline(options.baseline) : undefined;
  const selection = policySelection(options);
  const scanner = new Scanner(selection);
  const { report, certificateFiles } = await scanFiles(scanner, selection, collectManifestFiles(paths), {
    strict: options.strict,
    baseline,
    recordChecks: targets.some((target) => target.format === 'junit'),
  });
  for (const target of targets) {
    const color = target.file === undefined && options.color && process.stdout.isTTY === true;
    const text = renderReport(report, target.format, { failOn: options.failOn, color });
    if (target.file) writeOutputFile(target.file, text.endsWith('\n') ? text : `${text}\n`);
    else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
  if (options.server) {
    // The service judges the scan against the project's history: its verdict decides.
    const verdict = await uploadScan(
      { ...options, server: options.server, failOn: options.failOn },
      filesToUpload(report.files, certificateFiles),
    );
    process.stderr.write(describeVerdict(verdict, options.server));
    return verdict.verdict === 'fail' ? EXIT_FINDINGS : EXIT_PASSED;
  }
  return summarise(report, options.failOn).failing > 0 ? EXIT_FINDINGS : EXIT_PASSED;
}

/** The scanned manifests, and the certificate files they reference, as the service needs them. */
function filesToUpload(
  manifestFiles: string[],
  certificateFiles: string[],
): { path: string; content: string }[] {
  const files = new Map<string, string>();
  for (const source of readSourceFiles(manifestFiles)) {
    files.set(source.path, Buffer.from(source.content).toString('utf8'));
  }
  for (const file of certificateFiles) {
    const pem = readFileIfPresent(file);
    if (pem !== undefined) files.set(file, pem);
  }
  return [...files].map(([path, content]) => ({ path, content }));
}

/** Pairs formats with outputs in order; a format without an output goes to standard output. */
function outputTargets(options: ScanCommandOptions): { format: OutputFormat; file?: string }[] {
  const formats: OutputFormat[] =
    options.format.length > 0 ? options.format : [process.stdout.isTTY ? 'table' : 'json'];
  if (options.output.length > formats.length) {
    throw new UsageError('more --output files than --format options: give a --format for each --output');
  }
  const targets = formats.map((format, i) => ({ format, file: options.output[i] }));
  if (targets.filter((target) => target.file === undefined).length > 1) {
    throw new UsageError('only one format can go to standard output: give an --output for the others');
  }
  return targets;
}

function readBaseline(file: string): Baseline {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file}: cannot read the baseline (${(error as Error).message})`);
  }
  const problem = validateBaseline(parsed);
  if (problem) throw new UsageError(`${file}: not a Vigil baseline: ${problem}`);
  return parsed as Baseline;
}
