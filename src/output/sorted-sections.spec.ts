import * as fs from 'node:fs';
import * as path from 'node:path';
import { StringSink } from './output-sink';
import { SortedSections } from './sorted-sections';

describe('SortedSections', () => {
  it('writes buckets in the order asked, files in code-unit order, items separated', () => {
    const sections = new SortedSections(',');
    sections.add(1, 'b.yaml', ['b1']);
    sections.add(0, 'b.yaml', ['b0', 'b0*']);
    sections.add(0, 'B.yaml', ['B0']);
    sections.add(1, 'a.yaml', ['a1']);
    const sink = new StringSink();
    sections.writeTo(sink, [0, 1]);
    expect(sink.text()).toBe('B0,b0,b0*,a1,b1');
    expect([sections.count(0), sections.count(1), sections.count(2)]).toEqual([3, 2, 0]);
    sections.dispose();
  });

  it('moves to a temporary file past 4 MB, gives the same bytes back, and removes the file', () => {
    const sections = new SortedSections('\n');
    const item = (file: string, i: number) => `${file} ${i} ${'é'.repeat(200)}`;
    const files = ['z.yaml', 'm.yaml', 'a.yaml'];
    sections.add(0, files[0], [...Array(4000)].map((_, i) => item(files[0], i)));
    // 4,000 items of about 400 bytes: 1.6 MB, still in memory.
    expect(sections.spoolFile).toBeUndefined();
    for (const file of files.slice(1))
      sections.add(
        0,
        file,
        [...Array(4000)].map((_, i) => item(file, i)),
      );
    const spoolFile = sections.spoolFile!;
    expect(fs.statSync(spoolFile).size).toBeGreaterThan(4 * 1024 * 1024);
    const sink = new StringSink();
    sections.writeTo(sink, [0]);
    const expected = ['a.yaml', 'm.yaml', 'z.yaml']
      .flatMap((file) => [...Array(4000)].map((_, i) => item(file, i)))
      .join('\n');
    expect(sink.text()).toBe(expected);
    sections.dispose();
    expect(fs.existsSync(spoolFile)).toBe(false);
    expect(fs.existsSync(path.dirname(spoolFile))).toBe(false);
  });
});
