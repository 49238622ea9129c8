import { parentPort, workerData } from 'node:worker_threads';
import { Scanner, type PolicySelection } from '../scanner/scanner';
import { readFileIfPresent, readSourceFiles } from './scanner-factory';

/** One worker thread of a parallel scan: scans its share of the files and sends the part back. */
export interface ScanWorkerInput {
  selection: PolicySelection;
  files: string[];
  strict?: boolean;
  recordChecks?: boolean;
  now: string;
}

const input = workerData as ScanWorkerInput;
const part = new Scanner(input.selection).scanPart(readSourceFiles(input.files), {
  strict: input.strict,
  recordChecks: input.recordChecks,
  now: new Date(input.now),
  readFile: readFileIfPresent,
});
parentPort!.postMessage(part);
