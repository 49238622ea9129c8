/** A job is a few consecutive files: small parts to post back, few enough jobs to keep the overhead low. */
const BATCH_BYTES = 256 * 1024;
const BATCH_FILES = 16;

/**
 * Consecutive items, up to BATCH_FILES of them or BATCH_BYTES of text per batch (an item larger
 * than that is a batch of its own): the shares of a scan that the worker pool runs. The CLI
 * and the service cut the same way, so a thread holds one batch's manifests and findings at a
 * time whoever asks.
 */
export function scanBatches<T>(items: readonly T[], bytesOf: (item: T) => number): T[][] {
  const result: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = bytesOf(item);
    if (current.length > 0 && (current.length >= BATCH_FILES || bytes + size > BATCH_BYTES)) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) result.push(current);
  return result;
}
