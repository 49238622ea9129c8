import * as fs from 'node:fs';
import * as os from 'node:os';
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
    // A temporary folder of this test's own: other processes' spools in the shared one would
    // change the counts (setting TMPDIR here would not do: jest gives a test a copy of the
    // environment, which os.tmpdir() does not read).
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-spool-test-'));
    try {
      spillAndReadBack(tmp);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

function spillAndReadBack(tmp: string): void {
  const spools = () => fs.readdirSync(tmp).filter((name) => name.startsWith('vigil-report-')).length;
  expect(spools()).toBe(0);
  const sections = new SortedSections('\n', tmp);
  const item = (file: string, i: number) => `${file} ${i} ${'é'.repeat(200)}`;
  const files = ['z.yaml', 'm.yaml', 'a.yaml'];
  for (const file of files)
    sections.add(
      0,
      file,
      [...Array(4000)].map((_, i) => item(file, i)),
    );
  expect(spools()).toBe(1);
  const sink = new StringSink();
  sections.writeTo(sink, [0]);
  const expected = ['a.yaml', 'm.yaml', 'z.yaml']
    .flatMap((file) => [...Array(4000)].map((_, i) => item(file, i)))
    .join('\n');
  expect(sink.text()).toBe(expected);
  sections.dispose();
  expect(spools()).toBe(0);
}
