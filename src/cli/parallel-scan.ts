import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ScanReport } from '../core/scan-report';
import type { Baseline } from '../scanner/baseline';
import type { PolicySelection, Scanner, ScanPart } from '../scanner/scanner';
import { readFileIfPresent, readSourceFiles } from './scanner-factory';
import type { ScanWorkerInput } from './scan-worker';

/** Below this many files a second thread costs more (its own start and policy compile) than it saves. */
const MIN_FILES_FOR_WORKERS = 64;
const MAX_WORKERS = 4;

export interface CliScanOptions {
  strict?: boolean;
  recordChecks?: boolean;
  baseline?: Baseline;
}

/**
 * Scans files on every core the machine offers: contiguous shares of the file list (balanced
 * by size) go to worker threads, and the parts are joined in file order, so the report is the
 * same as a single-threaded scan's.
 */
export async function scanFiles(
  scanner: Scanner,
  selection: PolicySelection,
  files: string[],
  options: CliScanOptions,
): Promise<ScanReport> {
  const now = new Date();
  const workers = Math.min(
    threadLimit(),
    MAX_WORKERS,
    Math.floor(files.length / (MIN_FILES_FOR_WORKERS / 2)),
  );
  if (files.length < MIN_FILES_FOR_WORKERS || workers < 2) {
    const part = scanner.scanPart(readSourceFiles(files), { ...options, now, readFile: readFileIfPresent });
    return scanner.report(files, [part], options);
  }
  const parts = await Promise.all(
    shares(files, workers).map((share) =>
      runWorker({
        selection,
        files: share,
        strict: options.strict,
        recordChecks: options.recordChecks,
        now: now.toISOString(),
      }),
    ),
  );
  return scanner.report(files, parts, options);
}

/** VIGIL_SCAN_THREADS caps the threads (1: scan in the main thread only). */
function threadLimit(): number {
  const configured = Number(process.env.VIGIL_SCAN_THREADS);
  return Number.isInteger(configured) && configured > 0 ? configured : availableParallelism();
}

function runWorker(input: ScanWorkerInput): Promise<ScanPart> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'scan-worker.js'), { workerData: input });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`scan worker exited with code ${code}`));
    });
  });
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
