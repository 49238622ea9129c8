import * as path from 'node:path';
import { Scanner, type ScanPart } from '../scanner/scanner';

/**
 * A worker thread of the service's scan pool: scanning is CPU-bound, and a large upload would
 * otherwise hold the event loop (and every other request) for seconds.
 */
const scanner = new Scanner();

export interface ScanJob {
  manifests: { path: string; content: string }[];
  /** Every uploaded file, manifests or not: certificates are looked up among them. */
  files: { path: string; content: string }[];
  /** The scan's date (ISO 8601): the service's clock, not the worker's. */
  now: string;
}

export default function scanUpload(job: ScanJob): ScanPart {
  const uploaded = new Map(job.files.map((file) => [path.posix.normalize(file.path), file.content]));
  return scanner.scanPart(job.manifests, {
    now: new Date(job.now),
    readFile: (file) => uploaded.get(path.posix.normalize(file)),
  });
}
