import type { OutputSink } from './output-sink';
import { Spool } from './spool';

interface Range {
  bucket: number;
  /** Ranges of a bucket come out in the code-unit order of their keys, then in the order added. */
  key: string;
  start: number;
  end: number;
}

/**
 * Rendered items kept aside in buckets (a severity, a rule's suite) until the end of the scan,
 * then written bucket by bucket. Items arrive a file at a time, already in order within the
 * file; keyed by file, the ranges of a bucket come out in file order whatever order the files
 * were scanned in, so the global sort (worst first, then file, line...) needs no findings in memory.
 */
export class SortedSections {
  private readonly spool = new Spool();
  private readonly ranges: Range[] = [];
  private readonly counts: number[] = [];

  /** `separator` goes between two items, within and across ranges. */
  constructor(private readonly separator: string) {}

  add(bucket: number, key: string, items: readonly string[]): void {
    if (items.length === 0) return;
    const start = this.spool.size;
    this.spool.append(items.join(this.separator));
    this.ranges.push({ bucket, key, start, end: this.spool.size });
    this.counts[bucket] = (this.counts[bucket] ?? 0) + items.length;
  }

  count(bucket: number): number {
    return this.counts[bucket] ?? 0;
  }

  /** Writes the items of these buckets, in this order, with the separator between every two. */
  writeTo(sink: OutputSink, buckets: readonly number[]): void {
    const order = new Map(buckets.map((bucket, index) => [bucket, index]));
    const chosen = this.ranges
      .map((range, seq) => ({ range, seq }))
      .filter(({ range }) => order.has(range.bucket))
      .sort(
        (a, b) =>
          order.get(a.range.bucket)! - order.get(b.range.bucket)! ||
          compareText(a.range.key, b.range.key) ||
          a.seq - b.seq,
      );
    chosen.forEach(({ range }, index) => {
      if (index > 0) sink.write(this.separator);
      this.spool.copyTo(sink, range.start, range.end);
    });
  }

  dispose(): void {
    this.spool.dispose();
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
