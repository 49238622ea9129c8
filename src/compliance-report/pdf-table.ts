type Doc = PDFKit.PDFDocument;

export interface TableColumn {
  header: string;
  /** A share of the text width. */
  width: number;
  font?: 'mono';
  /** A cell holds at most this many lines (MAX_CELL_LINES otherwise); the last one ends in '...' when text is cut. */
  maxLines?: number;
}

export interface TableStyle {
  left: number;
  fonts: { regular: string; bold: string; mono: string };
  fontSize: number;
  lineHeight: number;
  padding: number;
  ink: string;
  rule: string;
  headerFill: string;
}

/** The parts of pdfkit's standard (AFM) fonts and pages the table writes through. */
interface StandardFont {
  id: string;
  ascender: number;
  ref(): unknown;
  encode(text: string): [string[], { xAdvance: number; advanceWidth: number }[]];
  widthOfString(text: string, size: number): number;
}

interface Page {
  height: number;
  fonts: Record<string, unknown>;
}

interface Laid {
  lines: string[][];
  height: number;
}

const MAX_CELL_LINES = 8;
/** Kerning across a space is not in the words' own widths: keep this much room at a line's end. */
const LINE_SLACK = 1;
/** Cells this short repeat (severities, statuses, rule ids, dates): their layout is kept. */
const CACHED_CELL_CHARS = 64;

/**
 * Tables whose rows never split: a row that does not fit goes to the next page, under the
 * header again. A 10,000-finding report draws some 100,000 lines of cells, and pdfkit's
 * doc.text costs per call a graphics-state save, a transform, kerning, and a small buffer for
 * each of some ten operators. So cells are wrapped here, word by word with cached widths, and
 * each row is written as one block of PDF operators (the same ones doc.text and doc.rect write,
 * with the same coordinates: the page looks the same); each distinct line is encoded once.
 * One writer a document: its caches go with it.
 */
export class PdfTableWriter {
  private readonly fonts: { regular: StandardFont; bold: StandardFont; mono: StandardFont };
  private readonly widths = new Map<StandardFont, Map<string, number>>();
  private readonly shown = new Map<StandardFont, Map<string, string>>();
  private readonly cells = new Map<string, string[]>();

  constructor(
    private readonly doc: Doc,
    private readonly style: TableStyle,
  ) {
    const fontOf = (name: string) => (doc.font(name) as unknown as { _font: StandardFont })._font;
    this.fonts = {
      regular: fontOf(style.fonts.regular),
      bold: fontOf(style.fonts.bold),
      mono: fontOf(style.fonts.mono),
    };
    doc.font(style.fonts.regular);
  }

  /** `fill` colours a body cell's background (row and column from 0). */
  table(
    columns: TableColumn[],
    rows: string[][],
    fill?: (row: number, column: number) => string | undefined,
  ): void {
    const doc = this.doc;
    const { padding, lineHeight } = this.style;
    const total = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    const widths = columns.map((column) => column.width * total);
    const bodyFonts = columns.map((column) => (column.font === 'mono' ? this.fonts.mono : this.fonts.regular));
    const headerFonts = columns.map(() => this.fonts.bold);
    const layout = (cells: string[], fonts: StandardFont[]): Laid => {
      const lines = cells.map((cell, index) =>
        this.cell(fonts[index], cell, widths[index] - 2 * padding, columns[index].maxLines ?? MAX_CELL_LINES),
      );
      return { lines, height: Math.max(...lines.map((cell) => cell.length), 1) * lineHeight + 2 * padding };
    };
    const bottom = () => doc.page.height - doc.page.margins.bottom;
    const header = layout(
      columns.map((column) => column.header),
      headerFonts,
    );
    const headerFills = columns.map(() => this.style.headerFill);
    if (doc.y + header.height + lineHeight + 2 * padding > bottom()) doc.addPage();
    this.row(header, headerFonts, widths, headerFills);
    rows.forEach((row, rowIndex) => {
      const laid = layout(row, bodyFonts);
      if (doc.y + laid.height > bottom()) {
        doc.addPage();
        this.row(header, headerFonts, widths, headerFills);
      }
      this.row(
        laid,
        bodyFonts,
        widths,
        columns.map((_, column) => fill?.(rowIndex, column)),
      );
    });
    doc.x = this.style.left;
    doc.y += 8;
  }

  /** One row at doc.y, in its own graphics state: cell fills, their borders, then the text. */
  private row(row: Laid, fonts: StandardFont[], widths: number[], fills: (string | undefined)[]): void {
    const doc = this.doc;
    const page = doc.page as unknown as Page;
    const { left, padding, lineHeight, fontSize } = this.style;
    const y = doc.y;
    const ops = ['q'];
    let x = left;
    widths.forEach((width, index) => {
      const color = fills[index];
      if (color) ops.push(fillColor(color), `${box(x, y, width, row.height)} re`, 'f');
      x += width;
    });
    ops.push(`${num(0.5)} w`, strokeColor(this.style.rule));
    x = left;
    for (const width of widths) {
      ops.push(`${box(x, y, width, row.height)} re`);
      x += width;
    }
    ops.push('S', `1 0 0 -1 0 ${num(page.height)} cm`, fillColor(this.style.ink), 'BT');
    let current: StandardFont | undefined;
    x = left;
    row.lines.forEach((lines, index) => {
      const font = fonts[index];
      const baseline = (font.ascender / 1000) * fontSize;
      lines.forEach((line, number) => {
        if (line.length === 0) return;
        if (font !== current) {
          page.fonts[font.id] ??= font.ref();
          ops.push(`/${font.id} ${num(fontSize)} Tf`);
          current = font;
        }
        const top = y + padding + number * lineHeight;
        ops.push(`1 0 0 1 ${num(x + padding)} ${num(page.height - top - baseline)} Tm`, this.show(font, line));
      });
      x += widths[index];
    });
    ops.push('ET', 'Q');
    doc.addContent(ops.join('\n'));
    doc.x = left;
    doc.y = y + row.height;
  }

  private cell(font: StandardFont, text: string, width: number, maxLines: number): string[] {
    if (text.length > CACHED_CELL_CHARS) return this.wrap(font, text, width, maxLines);
    const key = `${font.id}|${width}|${maxLines}|${text}`;
    let lines = this.cells.get(key);
    if (!lines) {
      lines = this.wrap(font, text, width, maxLines);
      this.cells.set(key, lines);
    }
    return lines;
  }

  /**
   * Greedy word wrap: at spaces, and inside a word too long for a line (after a '/' or '-' when
   * there is one). Past `maxLines` the last line kept ends in '...'.
   */
  private wrap(font: StandardFont, text: string, width: number, maxLines: number): string[] {
    const measure = (part: string) => this.width(font, part);
    const room = width - LINE_SLACK;
    const space = measure(' ');
    const lines: string[] = [];
    for (const paragraph of text.split('\n')) {
      let line = '';
      let used = 0;
      for (const word of paragraph.split(' ')) {
        const wordWidth = measure(word);
        if (line && used + space + wordWidth <= room) {
          line += ` ${word}`;
          used += space + wordWidth;
          continue;
        }
        if (line) lines.push(line);
        if (wordWidth <= room) {
          line = word;
          used = wordWidth;
          continue;
        }
        // A word wider than the column (a long id, a path) is cut where it overflows.
        let rest = word;
        while (measure(rest) > room) {
          let cut = Math.max(1, Math.floor((rest.length * room) / measure(rest)));
          while (cut > 1 && measure(rest.slice(0, cut)) > room) cut--;
          // Paths and ids read better cut after a '/' or '-' than in the middle of a name.
          const natural = Math.max(rest.lastIndexOf('/', cut - 1), rest.lastIndexOf('-', cut - 1));
          if (natural > 0) cut = natural + 1;
          lines.push(rest.slice(0, cut));
          rest = rest.slice(cut);
        }
        line = rest;
        used = measure(rest);
      }
      lines.push(line);
    }
    if (lines.length <= maxLines) return lines;
    const kept = lines.slice(0, maxLines);
    let last = `${kept[maxLines - 1]}...`;
    while (last.length > 3 && measure(last) > room) last = `${last.slice(0, -4)}...`;
    kept[maxLines - 1] = last;
    return kept;
  }

  /** A string's width at the table's size; kept per font (words and ids repeat across rows). */
  private width(font: StandardFont, text: string): number {
    let known = this.widths.get(font);
    if (!known) this.widths.set(font, (known = new Map()));
    let width = known.get(text);
    if (width === undefined) {
      width = font.widthOfString(text, this.style.fontSize);
      known.set(text, width);
    }
    return width;
  }

  /** The TJ operator pdfkit writes for a line of text: glyph codes, and kerning where a pair has one. */
  private show(font: StandardFont, text: string): string {
    let known = this.shown.get(font);
    if (!known) this.shown.set(font, (known = new Map()));
    let operator = known.get(text);
    if (operator === undefined) {
      const [encoded, positions] = font.encode(text);
      const segments: string[] = [];
      let start = 0;
      const segment = (end: number) => {
        if (start >= end) return;
        const kern = positions[end - 1].xAdvance - positions[end - 1].advanceWidth;
        segments.push(`<${encoded.slice(start, end).join('')}> ${num(-kern)}`);
        start = end;
      };
      positions.forEach((position, index) => {
        if (position.xAdvance !== position.advanceWidth) segment(index + 1);
      });
      segment(positions.length);
      operator = `[${segments.join(' ')}] TJ`;
      known.set(text, operator);
    }
    return operator;
  }
}

/** pdfkit's number format in content streams (PDFObject.number). */
function num(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function box(x: number, y: number, width: number, height: number): string {
  return `${num(x)} ${num(y)} ${num(width)} ${num(height)}`;
}

/** '#rrggbb' as pdfkit writes it: DeviceRGB components from 0 to 1. */
function rgb(hex: string): string {
  const value = parseInt(hex.slice(1), 16);
  return [value >> 16, (value >> 8) & 0xff, value & 0xff].map((part) => part / 255).join(' ');
}

/** A report uses a handful of colours, on every row. */
const COLOR_OPERATORS = new Map<string, string>();

function colorOperators(hex: string, stroke: boolean): string {
  const key = `${stroke ? 'S' : 'f'}${hex}`;
  let operators = COLOR_OPERATORS.get(key);
  if (operators === undefined) {
    operators = stroke ? `/DeviceRGB CS\n${rgb(hex)} SCN` : `/DeviceRGB cs\n${rgb(hex)} scn`;
    COLOR_OPERATORS.set(key, operators);
  }
  return operators;
}

function fillColor(hex: string): string {
  return colorOperators(hex, false);
}

function strokeColor(hex: string): string {
  return colorOperators(hex, true);
}
