import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ImportOptions } from '../importers/imported-estate';
import type { ManifestSource } from '../manifests/manifest-loader';
import { Scanner, type PolicySelection, type ScanPart } from './scanner';

/**
 * One share of a scan, as a worker thread receives it: plain data, so it can be posted. The CLI
 * names files on disk; the service sends the uploaded texts.
 */
export interface ScanJob {
  selection: PolicySelection;
  /** The files to scan: with their text (uploads), or by path only, read from disk. */
  sources: ({ path: string; content: string } | { path: string })[];
  /** Files that certificate references may name (uploads); absent: they are read from disk. */
  files?: { path: string; content: string }[];
  strict?: boolean;
  recordChecks?: boolean;
  evidenceHashes?: boolean;
  /** How to read Terraform plans, Fides files and OpenLineage events among the sources. */
  import?: ImportOptions;
  /** ISO date-time the scan judges expiry against; every share of one scan gets the same. */
  now: string;
}

/** Policies are compiled once per selection and thread, not once per job. */
const scanners = new Map<string, Scanner>();

export function runScanJob(job: ScanJob): ScanPart {
  const key = JSON.stringify(job.selection);
  let scanner = scanners.get(key);
  if (!scanner) {
    scanner = new Scanner(job.selection);
    scanners.set(key, scanner);
  }
  return scanner.scanPart(job.sources.map(readSource), {
    strict: job.strict,
    recordChecks: job.recordChecks,
    evidenceHashes: job.evidenceHashes,
    import: job.import,
    now: new Date(job.now),
    readFile: job.files ? uploadedFileReader(job.files) : readFileIfPresent,
  });
}

function readSource(source: ScanJob['sources'][number]): ManifestSource {
  return 'content' in source ? source : { path: source.path, content: fs.readFileSync(source.path) };
}

function uploadedFileReader(
  files: { path: string; content: string }[],
): (file: string) => string | undefined {
  const uploaded = new Map(files.map((file) => [path.posix.normalize(file.path), file.content]));
  return (file) => uploaded.get(path.posix.normalize(file));
}

/** Certificate files on disk are read relative to the working folder, like the manifests. */
export function readFileIfPresent(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
