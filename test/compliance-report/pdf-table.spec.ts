import { execFileSync } from 'node:child_process';
import PDFDocument from 'pdfkit';
import { PdfTableWriter } from '../../src/compliance-report/pdf-table';
import { inFolderWith } from '../support/report-verification';

const STYLE = {
  left: 48,
  fonts: { regular: 'Helvetica', bold: 'Helvetica-Bold', mono: 'Courier' },
  fontSize: 7.5,
  lineHeight: 7.5 * 1.22,
  padding: 3,
  ink: '#1d2330',
  rule: '#c9ced8',
  headerFill: '#eef1f6',
};

/** A table of `rows` rows, each a numbered first cell and a second that wraps onto several lines. */
function tablePdf(rows: number): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 48, bottom: 62, left: 48, right: 48 },
    info: { CreationDate: new Date('2026-11-24T12:00:00Z') },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  new PdfTableWriter(doc, STYLE).table(
    [
      { header: 'Row', width: 0.2 },
      { header: 'Where', width: 0.3, font: 'mono' },
      { header: 'What happened', width: 0.5, maxLines: 3 },
    ],
    [...Array(rows)].map((_, row) => [
      `row-${row}`,
      `infra/integrations/a-rather-long-path/legacy-${row}.yaml:${row}`,
      `first line of row ${row} ${'words that wrap '.repeat(row % 4 === 0 ? 30 : 4)}end-of-row-${row}`,
    ]),
  );
  doc.end();
  return done;
}

function pagesText(pdf: Buffer): string[] {
  return inFolderWith({ 't.pdf': pdf }, (dir) =>
    execFileSync('pdftotext', ['-layout', 't.pdf', '-'], { cwd: dir }).toString().split('\f').slice(0, -1),
  );
}

describe('PDF tables', () => {
  it('run onto further pages under their header again, and never split a row', async () => {
    const pages = pagesText(await tablePdf(150));
    expect(pages.length).toBeGreaterThan(3);
    for (const page of pages) expect(page.trimStart()).toMatch(/^Row\s+Where\s+What happened/);
    const all = pages.join('\n');
    for (let row = 0; row < 150; row++) {
      const first = new RegExp(`^\\s*row-${row}\\s`, 'm');
      const onPage = pages.findIndex((page) => first.test(page));
      expect(onPage).toBeGreaterThanOrEqual(0);
      expect(all.match(new RegExp(first, 'gm'))).toHaveLength(1);
      // The row's last wrapped line is on the same page as its first (rows not cut short).
      if (row % 4 !== 0) expect(pages[onPage]).toContain(`end-of-row-${row}`);
    }
  });

  it("cuts a cell at its line limit with '...' and wraps a word wider than its column", async () => {
    const text = pagesText(await tablePdf(8)).join('\n');
    // Row 0's text is 30 times longer than three lines hold: its end is cut.
    expect(text).not.toContain('end-of-row-0');
    expect(text).toMatch(/\.\.\./);
    expect(text).toContain('end-of-row-1');
    // The path is cut after a '-' or '/' where it overflows its column, and nothing of it is lost.
    expect(text).toMatch(/infra\/integrations\/a-rather-\s+first line of row 5 /);
    expect(text).toMatch(/\n\s+long-path\/legacy-5\.yaml:5\s/);
  });

  it('writes the same bytes for the same table', async () => {
    expect((await tablePdf(40)).equals(await tablePdf(40))).toBe(true);
  });
});
