import type { OutputSink } from './output-sink';
import type { JsonItems } from './json-skeleton';
import { Spool } from './spool';

interface Range {
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
  private readonly spool: Spool;
  /** By bucket, in the order added. */
  private readonly ranges = new Map<number, Range[]>();
  private readonly counts: number[] = [];

  /** `separator` goes between two items, within and across ranges; `tmpDir` as Spool's. */
  constructor(
    private readonly separator: string,
    tmpDir?: string,
  ) {
    this.spool = new Spool(tmpDir);
  }

  /** Items as strings, or already joined by the separator (jsonItems gives them so). */
  add(bucket: number, key: string, items: readonly string[] | JsonItems): void {
    if (!Array.isArray(items) && this.separator !== ',\n') {
      throw new Error('JSON items are joined by ",\\n", not by this section\'s separator');
    }
    const { text, count } = Array.isArray(items)
      ? { text: items.join(this.separator), count: items.length }
      : (items as JsonItems);
    if (count === 0) return;
    const start = this.spool.size;
    this.spool.append(text);
    const ranges = this.ranges.get(bucket);
    const range = { key, start, end: this.spool.size };
    if (ranges) ranges.push(range);
    else this.ranges.set(bucket, [range]);
    this.counts[bucket] = (this.counts[bucket] ?? 0) + count;
  }

  count(bucket: number): number {
    return this.counts[bucket] ?? 0;
  }

  /** Writes the items of these buckets, in this order, with the separator between every two. */
  writeTo(sink: OutputSink, buckets: readonly number[]): void {
    let first = true;
    for (const bucket of buckets) {
      // A stable sort: ranges of one key keep the order they were added in.
      const ranges = [...(this.ranges.get(bucket) ?? [])].sort((a, b) => compareText(a.key, b.key));
      for (const range of ranges) {
        if (!first) sink.write(this.separator);
        first = false;
        this.spool.copyTo(sink, range.start, range.end);
      }
    }
  }

  dispose(): void {
    this.spool.dispose();
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
