/** Turns offsets into 1-based line/column pairs; the line index is built on first use only. */
export class SourceText {
  private lineStarts: number[] | undefined;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  position(offset: number): { line: number; column: number } {
    const starts = (this.lineStarts ??= indexLineStarts(this.text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low] + 1 };
  }

  /** The lines from..to (1-based, inclusive), for excerpts. */
  lines(from: number, to: number): string[] {
    return this.text.split('\n').slice(Math.max(0, from - 1), to);
  }
}

function indexLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
