import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DescriptorSink, type OutputSink } from './output-sink';

/** Up to this much a spool stays in memory; beyond, it moves to a temporary file. */
const IN_MEMORY_LIMIT = 4 * 1024 * 1024;
const WRITE_BATCH = 256 * 1024;
const READ_CHUNK = 1024 * 1024;

/**
 * Append-only text kept aside until the report's end: rendered findings wait here while the
 * counts that come before them in the document are still growing. Small spools never touch the
 * disk; a large one lives in a temporary file that dispose() removes.
 */
export class Spool {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private file: { dir: string; fd: number; sink: DescriptorSink } | undefined;
  /** Bytes appended so far: the offset the next append starts at. */
  size = 0;

  /** `tmpDir`: where a large spool's file goes (the system's temporary folder unless a test says). */
  constructor(private readonly tmpDir?: string) {}

  append(text: string): void {
    if (text.length === 0) return;
    const data = Buffer.from(text);
    this.pending.push(data);
    this.pendingBytes += data.length;
    this.size += data.length;
    if (this.file ? this.pendingBytes >= WRITE_BATCH : this.size > IN_MEMORY_LIMIT) this.flush();
  }

  /** Writes bytes [start, end) to the sink. */
  copyTo(sink: OutputSink, start = 0, end = this.size): void {
    if (end <= start) return;
    if (!this.file) {
      if (this.pending.length > 1) this.pending = [Buffer.concat(this.pending)];
      sink.write(this.pending[0].subarray(start, end));
      return;
    }
    this.flush();
    const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK, end - start));
    for (let position = start; position < end;) {
      const read = fs.readSync(this.file.fd, buffer, 0, Math.min(buffer.length, end - position), position);
      if (read === 0) throw new Error('report spool ended early');
      sink.write(Buffer.from(buffer.subarray(0, read)));
      position += read;
    }
  }

  dispose(): void {
    this.pending = [];
    if (!this.file) return;
    fs.closeSync(this.file.fd);
    fs.rmSync(this.file.dir, { recursive: true, force: true });
    this.file = undefined;
  }

  private flush(): void {
    if (!this.file) {
      const dir = fs.mkdtempSync(path.join(this.tmpDir ?? os.tmpdir(), 'vigil-report-'));
      const fd = fs.openSync(path.join(dir, 'spool'), 'w+');
      this.file = { dir, fd, sink: new DescriptorSink(fd) };
    }
    // One write per batch: the pending pieces are a file's findings each, often a few hundred bytes.
    this.file.sink.write(
      this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes),
    );
    this.pending = [];
    this.pendingBytes = 0;
  }
}
