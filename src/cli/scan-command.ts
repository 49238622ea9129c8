import * as fs from 'node:fs';
import { StdoutSink } from '../output/output-sink';
import { createReportWriter, type OutputFormat } from '../output/render-report';
import type { FailOn } from '../core/severity';
import { SummaryCounter } from '../output/summary';
import { validateBaseline, type Baseline } from '../scanner/baseline';
import { ReportAssembly } from '../scanner/report-assembly';
import { readFileIfPresent } from '../scanner/scan-job';
import { referenceDataVersions, Scanner } from '../scanner/scanner';
import { VIGIL_VERSION } from '../scanner/version';
import { EXIT_FINDINGS, EXIT_PASSED } from './exit-codes';
import { collectManifestFiles } from './collect-files';
import { writeOutputFile } from './output-file';
import { scanFiles } from './parallel-scan';
import { importOptions, type ImportFlags } from './import-options';
import { policySelection, type PolicyOptions } from './scanner-factory';
import { describeVerdict, uploadScan, type ServerOptions } from './server-upload';
import { UsageError } from './usage-error';

export interface ScanCommandOptions
  extends PolicyOptions, ImportFlags, Partial<Omit<ServerOptions, 'failOn'>> {
  format: OutputFormat[];
  output: string[];
  failOn: FailOn;
  baseline?: string;
  sarifRoot?: string;
  strict?: boolean;
  color: boolean;
  /** The time expiry dates are judged against (suppressions, certificates, adequacy); default now. */
  now?: string;
}

export async function runScan(paths: string[], options: ScanCommandOptions): Promise<number> {
  const targets = outputTargets(options);
  const now = scanTime(options.now);
  const baseline = options.baseline ? readBaseline(options.baseline) : undefined;
  const selection = policySelection(options);
  const importing = importOptions(options);
  const scanner = new Scanner(selection);
  const files = collectManifestFiles(paths);
  const header = {
    tool: { name: 'vigil' as const, version: VIGIL_VERSION },
    rules: scanner.rules,
    referenceData: referenceDataVersions(),
  };
  const writers = targets.map((target) => {
    const color = target.file === undefined && options.color && process.stdout.isTTY === true;
    return {
      target,
      writer: createReportWriter(target.format, header, {
        failOn: options.failOn,
        color,
        sarifRoot: options.sarifRoot,
      }),
    };
  });
  try {
    // Each file's findings go to the formats' writers as it is scanned, and are dropped.
    const counter = new SummaryCounter();
    const assembly = new ReportAssembly(
      (part) => {
        counter.add(part.findings);
        for (const { writer } of writers) writer.add(part);
      },
      { baseline },
    );
    const { certificateFiles } = await scanFiles(
      scanner,
      selection,
      files,
      {
        strict: options.strict,
        now,
        recordChecks: targets.some((target) => target.format === 'junit'),
        // No format shows it, and in server mode the service scans the upload itself.
        evidenceHashes: false,
        import: importing,
      },
      (part) => assembly.add(part),
    );
    const { absent } = assembly.finish();
    const end = { files: files.length, absent, summary: counter.summary(options.failOn, absent.length) };
    for (const { target, writer } of writers) {
      if (target.file) writeOutputFile(target.file, (sink) => writer.finish(end, sink));
      else writer.finish(end, new StdoutSink());
    }
    if (options.server) {
      // The service judges the scan against the project's history: its verdict decides.
      const verdict = await uploadScan(
        { ...options, server: options.server, failOn: options.failOn },
        filesToUpload(files, certificateFiles),
      );
      process.stderr.write(describeVerdict(verdict, options.server));
      return verdict.verdict === 'fail' ? EXIT_FINDINGS : EXIT_PASSED;
    }
    return end.summary.failing > 0 ? EXIT_FINDINGS : EXIT_PASSED;
  } finally {
    for (const { writer } of writers) writer.dispose();
  }
}

/** The scanned manifests, then the certificate files they reference, read one at a time as they are sent. */
function* filesToUpload(
  manifestFiles: string[],
  certificateFiles: string[],
): Generator<{ path: string; content: string }> {
  const manifests = new Set(manifestFiles);
  for (const path of manifestFiles) yield { path, content: fs.readFileSync(path, 'utf8') };
  for (const file of certificateFiles) {
    if (manifests.has(file)) continue;
    const pem = readFileIfPresent(file);
    if (pem !== undefined) yield { path: file, content: pem };
  }
}

/** Pairs formats with outputs in order; a format without an output goes to standard output. */
function outputTargets(options: ScanCommandOptions): { format: OutputFormat; file?: string }[] {
  // In server mode the service's verdict is the output; a local report only when asked for.
  const formats: OutputFormat[] =
    options.format.length > 0 || options.server ? options.format : [process.stdout.isTTY ? 'table' : 'json'];
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

/** `--now`: an ISO 8601 date or date-time, so a scan can be repeated as of a given day. */
function scanTime(given: string | undefined): Date {
  if (given === undefined) return new Date();
  const time = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(given)
    ? new Date(given)
    : new Date(NaN);
  if (Number.isNaN(time.getTime())) {
    throw new UsageError(
      `--now '${given}' is not an ISO 8601 date or date-time (2026-12-01 or 2026-12-01T12:00:00Z)`,
    );
  }
  return time;
}
