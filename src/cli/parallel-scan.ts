import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import { scanBatches } from '../scanner/scan-batches';
import { readFileIfPresent } from '../scanner/scan-job';
import type { PolicySelection, Scanner, ScanPart } from '../scanner/scanner';
import { isOutOfMemory, ScanWorkerPool } from '../scanner/worker-pool';
import { readSourceFiles } from './scanner-factory';
import type { ImportOptions } from '../importers/imported-estate';
import { inputFormatOf } from '../importers/import-sources';

/** Below this many files a second thread costs more (its own start and policy compile) than it saves. */
const MIN_FILES_FOR_WORKERS = 64;
const MAX_WORKERS = 4;
/** Jobs in flight per thread: one running, one queued, so a thread never waits for the main one. */
const JOBS_PER_THREAD = 2;
/** A thread's heap: ample for a batch of ordinary manifests; a job that needs more runs in the main thread. */
const THREAD_HEAP_MB = 64;

export interface CliScanOptions {
  strict?: boolean;
  /** What expiry dates are judged against; default the time the scan starts. */
  now?: Date;
  recordChecks?: boolean;
  evidenceHashes?: boolean;
  import?: ImportOptions;
}

export interface CliScanResult {
  /** The certificate files the manifests reference, for `--server` to upload beside them. */
  certificateFiles: string[];
}

/**
 * Scans files on every core the machine offers and hands each part to `onPart` in file order as
 * soon as it and the parts before it are done. Jobs of a few files go to the scan worker pool,
 * at most a window of them at once, so a part waits in memory only until those before it are
 * in: memory does not grow with the number of files, and the parts come in the same order, with
 * the same content, as a single-threaded scan's.
 */
export async function scanFiles(
  scanner: Scanner,
  selection: PolicySelection,
  files: string[],
  options: CliScanOptions,
  onPart: (part: ScanPart) => void,
): Promise<CliScanResult> {
  const now = options.now ?? new Date();
  const certificateFiles = new Set<string>();
  const deliver = (part: ScanPart) => {
    for (const file of part.certificateFiles) certificateFiles.add(file);
    onPart(part);
  };
  // Imported files are joined into one estate: they are scanned together, in one part, first.
  const imported = files.filter((file) => isImportedFile(file, options.import));
  if (imported.length > 0) {
    deliver(scanner.scanPart(readSourceFiles(imported), { ...options, now, readFile: readFileIfPresent }));
    const importedSet = new Set(imported);
    files = files.filter((file) => !importedSet.has(file));
  }
  const workers = Math.min(
    threadLimit(),
    MAX_WORKERS,
    Math.floor(files.length / (MIN_FILES_FOR_WORKERS / 2)),
  );
  if (files.length < MIN_FILES_FOR_WORKERS || workers < 2) {
    for (const file of files) {
      deliver(scanner.scanPart(readSourceFiles([file]), { ...options, now, readFile: readFileIfPresent }));
    }
    return { certificateFiles: [...certificateFiles] };
  }
  // Warm: the threads live as long as the scan. Piscina ends an idle thread at once by default,
  // and a thread waiting for the main one to take its part was ended and a new one started
  // (module load, policy compile, cold JIT): eleven threads for a 1,000-manifest scan.
  const pool = new ScanWorkerPool({ threads: workers, heapLimitMb: THREAD_HEAP_MB, warm: true });
  try {
    const jobs = scanBatches(files, (file) => fs.statSync(file).size);
    const window = workers * JOBS_PER_THREAD;
    const running: Promise<ScanPart>[] = [];
    const start = (index: number) => {
      const part = pool
        .run({
          selection,
          sources: jobs[index].map((file) => ({ path: file })),
          strict: options.strict,
          recordChecks: options.recordChecks,
          evidenceHashes: options.evidenceHashes,
          import: options.import,
          now: now.toISOString(),
        })
        .catch((error: unknown) => {
          if (!isOutOfMemory(error)) throw error;
          return scanner.scanPart(readSourceFiles(jobs[index]), {
            ...options,
            now,
            readFile: readFileIfPresent,
          });
        });
      // Awaited in turn below; until then a failure must not count as unhandled.
      part.catch(() => undefined);
      running[index] = part;
    };
    for (let index = 0; index < Math.min(window, jobs.length); index++) start(index);
    for (let index = 0; index < jobs.length; index++) {
      const part = await running[index];
      delete running[index];
      if (index + window < jobs.length) start(index + window);
      deliver(part);
    }
    return { certificateFiles: [...certificateFiles] };
  } finally {
    await pool.destroy();
  }
}

/** Sniffs the opening of a file (the formats name themselves early) without reading it all. */
function isImportedFile(file: string, options: ImportOptions | undefined): boolean {
  const handle = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(64 * 1024);
    const length = fs.readSync(handle, head, 0, head.length, 0);
    return inputFormatOf(head.subarray(0, length).toString('utf8'), options) !== 'vigil';
  } finally {
    fs.closeSync(handle);
  }
}

/**
 * VIGIL_SCAN_THREADS caps the threads (1: scan in the main thread only). By default a core is
 * left to the main thread: it receives every part and renders every report, which on a
 * finding-dense estate is as much work as a worker's. On 2 cores, two workers beside it made the
 * 1,000-manifest dense scan slower than the main thread alone (5.9 s against 5.1 s) and bigger
 * (337 MB against 224 MB peak RSS), so there the main thread scans by itself.
 */
function threadLimit(): number {
  const configured = Number(process.env.VIGIL_SCAN_THREADS);
  return Number.isInteger(configured) && configured > 0 ? configured : availableParallelism() - 1;
}
