import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import type { ScanReport } from '../core/scan-report';
import type { Baseline } from '../scanner/baseline';
import { readFileIfPresent } from '../scanner/scan-job';
import type { PolicySelection, Scanner, ScanPart } from '../scanner/scanner';
import { ScanWorkerPool } from '../scanner/worker-pool';
import { readSourceFiles } from './scanner-factory';

/** Below this many files a second thread costs more (its own start and policy compile) than it saves. */
const MIN_FILES_FOR_WORKERS = 64;
const MAX_WORKERS = 4;

export interface CliScanOptions {
  strict?: boolean;
  recordChecks?: boolean;
  baseline?: Baseline;
}

export interface CliScanResult {
  report: ScanReport;
  /** The certificate files the manifests reference, for `--server` to upload beside them. */
  certificateFiles: string[];
}

/**
 * Scans files on every core the machine offers: contiguous shares of the file list (balanced
 * by size) go to the scan worker pool, and the parts are joined in file order, so the report is
 * the same as a single-threaded scan's.
 */
export async function scanFiles(
  scanner: Scanner,
  selection: PolicySelection,
  files: string[],
  options: CliScanOptions,
): Promise<CliScanResult> {
  const now = new Date();
  const workers = Math.min(
    threadLimit(),
    MAX_WORKERS,
    Math.floor(files.length / (MIN_FILES_FOR_WORKERS / 2)),
  );
  if (files.length < MIN_FILES_FOR_WORKERS || workers < 2) {
    const part = scanner.scanPart(readSourceFiles(files), { ...options, now, readFile: readFileIfPresent });
    return joined(scanner, files, [part], options);
  }
  const pool = new ScanWorkerPool({ threads: workers });
  try {
    const parts = await Promise.all(
      shares(files, workers).map((share) =>
        pool.run({
          selection,
          sources: share.map((file) => ({ path: file })),
          strict: options.strict,
          recordChecks: options.recordChecks,
          now: now.toISOString(),
        }),
      ),
    );
    return joined(scanner, files, parts, options);
  } finally {
    await pool.destroy();
  }
}

function joined(
  scanner: Scanner,
  files: string[],
  parts: ScanPart[],
  options: CliScanOptions,
): CliScanResult {
  return {
    report: scanner.report(files, parts, options),
    certificateFiles: [...new Set(parts.flatMap((part) => part.certificateFiles))],
  };
}

/** VIGIL_SCAN_THREADS caps the threads (1: scan in the main thread only). */
function threadLimit(): number {
  const configured = Number(process.env.VIGIL_SCAN_THREADS);
  return Number.isInteger(configured) && configured > 0 ? configured : availableParallelism();
}

/** Splits the files into contiguous shares of about equal size in bytes. */
function shares(files: string[], count: number): string[][] {
  const sizes = files.map((file) => fs.statSync(file).size);
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const result: string[][] = [[]];
  let filled = 0;
  files.forEach((file, i) => {
    if (filled >= (total / count) * result.length && result.length < count) result.push([]);
    result[result.length - 1].push(file);
    filled += sizes[i];
  });
  return result;
}
