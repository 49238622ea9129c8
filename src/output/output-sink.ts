import * as fs from 'node:fs';

/** Where a format's text goes, piece by piece, as it is written. */
export interface OutputSink {
  write(text: string | Buffer): void;
}

/** An `--output` file (or any descriptor), written synchronously so a large report never queues in memory. */
export class DescriptorSink implements OutputSink {
  constructor(private readonly fd: number) {}

  write(text: string | Buffer): void {
    const data = typeof text === 'string' ? Buffer.from(text) : text;
    let written = 0;
    while (written < data.length) written += fs.writeSync(this.fd, data, written);
  }
}

/** Standard output: synchronous for files, pipes and terminals on Linux, so it needs no queue either. */
export class StdoutSink implements OutputSink {
  write(text: string | Buffer): void {
    process.stdout.write(text);
  }
}

/** Collects the text: for callers that want the whole report as a string (tests, small reports). */
export class StringSink implements OutputSink {
  private readonly pieces: (string | Buffer)[] = [];

  write(text: string | Buffer): void {
    this.pieces.push(text);
  }

  /** Decoded once at the end: a spool's chunks may cut a character's UTF-8 bytes in two. */
  text(): string {
    if (this.pieces.every((piece) => typeof piece === 'string')) return this.pieces.join('');
    return Buffer.concat(
      this.pieces.map((piece) => (typeof piece === 'string' ? Buffer.from(piece) : piece)),
    ).toString('utf8');
  }
}
