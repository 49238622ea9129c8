import PDFDocument from 'pdfkit';
import type { ComplianceReport, ControlStatus, ReportFinding } from './report-model';
import {
  day,
  periodText,
  referenceDataText,
  reportTitle,
  signed,
  STATUS_LABEL,
  STATUS_MEANING,
  waiverText,
} from './report-text';

type Doc = PDFKit.PDFDocument;

interface Column {
  header: string;
  width: number;
  font?: 'mono';
  maxLines?: number;
}

const MARGIN = 48;
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const MONO = 'Courier';
const INK = '#1d2330';
const MUTED = '#5b6475';
const RULE = '#c9ced8';
const HEADER_FILL = '#eef1f6';
const STATUS_FILL: Record<ControlStatus, string> = {
  compliant: '#d8f0de',
  'non-compliant': '#f8d7d7',
  'not-assessed': '#e6e8ec',
};
const CELL_PAD = 3;
const TABLE_FONT_SIZE = 7.5;
/** A finding's message is cut here in the PDF (the JSON, CSV and HTML carry it whole). */
const MESSAGE_LIMIT = 400;

/**
 * A4 document: a cover, the summary, what the report rests on, the controls, a section per
 * tested control with its findings, the waivers and suppressions. Tables repeat their header on
 * every page they run onto and never split a row; every page is numbered "page n of m".
 */
export function renderPdf(report: ComplianceReport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 14, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: pdfText(reportTitle(report)),
      Author: 'Vigil',
      Subject: pdfText(`${report.framework.title}, ${report.framework.version}`),
      Creator: `Vigil ${report.vigilVersion}`,
      CreationDate: new Date(report.generatedAt),
      ModDate: new Date(report.generatedAt),
    },
  });
  memoiseFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  cover(doc, report);
  doc.addPage();
  summary(doc, report);
  scope(doc, report);
  controlsOverview(doc, report);
  for (const control of report.controls.filter((entry) => entry.rules.length > 0)) {
    heading(doc, `${control.id} ${control.title}`, 12, STATUS_LABEL[control.status], control.status);
    paragraph(
      doc,
      `Rules: ${control.rules.map((rule) => `${rule.id} (${rule.severity}) ${rule.title}`).join('; ')}`,
      8,
      MUTED,
    );
    if (control.findings.length === 0) paragraph(doc, 'No findings.', 9);
    else findingsTable(doc, control.findings);
  }
  waivers(doc, report);
  deprecated(doc, report);
  pageNumbers(doc, report);
  doc.end();
  return done;
}

function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function cover(doc: Doc, report: ComplianceReport): void {
  doc
    .fillColor(INK)
    .font(BOLD)
    .fontSize(26)
    .text(pdfText(`${report.framework.name} compliance report`), MARGIN, 180);
  doc.moveDown(0.3).font(FONT).fontSize(16).text(pdfText(report.project));
  doc
    .moveDown(0.4)
    .fontSize(10)
    .fillColor(MUTED)
    .text(pdfText(`${report.framework.title}, ${report.framework.version}`));
  doc.moveDown(2);
  const rows: [string, string][] = [
    ['Period', periodText(report)],
    ['Generated', `${report.generatedAt} by ${report.generatedBy}`],
    ['Report id', report.id],
    ['Vigil', report.vigilVersion],
    ['Policy bundle', `${report.policyBundle.rules} rules, SHA-256 ${report.policyBundle.sha256}`],
    ['Reference data', referenceDataText(report)],
  ];
  for (const [label, value] of rows) definition(doc, label, value);
  doc
    .moveDown(2)
    .fillColor(MUTED)
    .font(FONT)
    .fontSize(9)
    .text(
      pdfText(
        'This document is signed with a detached CMS signature (GET /reports/' +
          report.id +
          '/signature). Check it with "vigil report verify REPORT SIGNATURE --cert CERT" or "openssl cms -verify -binary -inform DER -in SIGNATURE -content REPORT -CAfile CERT -purpose any". A change to a single byte of this file breaks the signature.',
      ),
      MARGIN,
      doc.y,
      { width: contentWidth(doc) },
    );
}

function definition(doc: Doc, label: string, value: string): void {
  const y = doc.y;
  doc.font(BOLD).fontSize(9.5).fillColor(INK).text(pdfText(label), MARGIN, y, { width: 110 });
  doc.font(FONT).text(pdfText(value), MARGIN + 115, y, { width: contentWidth(doc) - 115 });
  doc.moveDown(0.35);
  doc.x = MARGIN;
}

function heading(doc: Doc, title: string, size: number, badge?: string, status?: ControlStatus): void {
  ensureSpace(doc, size * 4);
  doc.moveDown(size > 12 ? 0.6 : 0.8);
  const y = doc.y;
  doc.font(BOLD).fontSize(size).fillColor(INK);
  const badgeWidth = badge ? doc.font(BOLD).fontSize(8).widthOfString(pdfText(badge)) + 12 : 0;
  doc
    .font(BOLD)
    .fontSize(size)
    .text(pdfText(title), MARGIN, y, { width: contentWidth(doc) - badgeWidth - 8 });
  if (badge && status) {
    const x = doc.page.width - doc.page.margins.right - badgeWidth;
    doc.roundedRect(x, y, badgeWidth, 12, 5).fill(STATUS_FILL[status]);
    doc
      .fillColor(INK)
      .font(BOLD)
      .fontSize(8)
      .text(pdfText(badge), x + 6, y + 2.5, { lineBreak: false });
  }
  doc.x = MARGIN;
  doc.y = Math.max(doc.y, y + 12) + 4;
  if (size > 12) {
    doc
      .moveTo(MARGIN, doc.y)
      .lineTo(doc.page.width - MARGIN, doc.y)
      .lineWidth(1.2)
      .strokeColor(INK)
      .stroke();
    doc.y += 6;
  }
}

function paragraph(doc: Doc, text: string, size: number, color = INK): void {
  doc
    .font(FONT)
    .fontSize(size)
    .fillColor(color)
    .text(pdfText(text), MARGIN, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.4);
}

function summary(doc: Doc, report: ComplianceReport): void {
  heading(doc, 'Summary', 16);
  const { controls, findings } = report.summary;
  table(
    doc,
    [
      { header: 'Controls', width: 0.25 },
      { header: 'Compliant', width: 0.25 },
      { header: 'Non-compliant', width: 0.25 },
      { header: 'Not assessed by Vigil', width: 0.25 },
    ],
    [[controls.total, controls.compliant, controls['non-compliant'], controls['not-assessed']].map(String)],
  );
  table(
    doc,
    ['Findings', 'To work on', 'Critical', 'High', 'Medium', 'Low', 'Waived', 'Suppressed', 'Fixed'].map(
      (header) => ({
        header,
        width: 1 / 9,
      }),
    ),
    [
      [
        findings.total,
        findings.active,
        findings.activeBySeverity.critical,
        findings.activeBySeverity.high,
        findings.activeBySeverity.medium,
        findings.activeBySeverity.low,
        findings.waived,
        findings.suppressed,
        findings.fixed,
      ].map(String),
    ],
  );
  const trend = report.trend;
  paragraph(
    doc,
    trend
      ? `Since the previous report (${day(trend.previousGeneratedAt)}, ${trend.previousReportId}): compliant controls ${signed(trend.controls.compliant)}, non-compliant ${signed(trend.controls['non-compliant'])}, findings to work on ${signed(trend.activeFindings)}, fixed ${signed(trend.fixedFindings)}.`
      : 'No earlier report of this project and framework: no trend yet.',
    9.5,
  );
  for (const status of ['compliant', 'non-compliant', 'not-assessed'] as const)
    paragraph(doc, `${STATUS_LABEL[status]}: ${STATUS_MEANING[status]}.`, 8.5, MUTED);
  paragraph(doc, report.framework.note, 8.5, MUTED);
}

function scope(doc: Doc, report: ComplianceReport): void {
  heading(doc, 'What this report rests on', 16);
  definition(doc, 'Reference data', referenceDataText(report));
  definition(
    doc,
    'Policy bundle',
    `${report.policyBundle.rules} rules, SHA-256 ${report.policyBundle.sha256}`,
  );
  const scopes = report.referenceData.adequacyScopesReliedOn;
  definition(
    doc,
    'Partial adequacy',
    scopes.length
      ? scopes
          .map(
            (entry) =>
              `${entry.name} (${entry.country}) holds for ${entry.scope} only; relied on by ${entry.systems.join(', ')}`,
          )
          .join('. ')
      : 'No partial adequacy decision (CA, JP) is relied on.',
  );
  heading(doc, `Scans (${report.scans.length})`, 11);
  table(
    doc,
    [
      { header: 'Scan', width: 0.3, font: 'mono' },
      { header: 'At', width: 0.2 },
      { header: 'Ref', width: 0.12 },
      { header: 'Commit', width: 0.28, font: 'mono' },
      { header: 'Kind', width: 0.1 },
    ],
    report.scans.map((scan) => [
      scan.id,
      scan.scannedAt,
      scan.ref ?? '',
      scan.commit ?? '',
      scan.complete ? 'complete' : 'partial',
    ]),
  );
  const manifests = report.scans.flatMap((scan) =>
    scan.manifests.map((manifest) => [scan.id.slice(0, 8), manifest.path, manifest.sha256]),
  );
  heading(doc, `Manifests scanned (${manifests.length}), SHA-256 as stored`, 11);
  table(
    doc,
    [
      { header: 'Scan', width: 0.1, font: 'mono' },
      { header: 'Manifest', width: 0.4 },
      { header: 'SHA-256', width: 0.5, font: 'mono' },
    ],
    manifests,
  );
}

function controlsOverview(doc: Doc, report: ComplianceReport): void {
  doc.addPage();
  heading(doc, 'Controls', 16);
  table(
    doc,
    [
      { header: 'Control', width: 0.12 },
      { header: 'Title', width: 0.4 },
      { header: 'Status', width: 0.16 },
      { header: 'Rules', width: 0.22 },
      { header: 'Findings', width: 0.1 },
    ],
    report.controls.map((control) => [
      control.id,
      control.title,
      STATUS_LABEL[control.status],
      control.rules.map((rule) => rule.id).join(', '),
      String(control.findings.length),
    ]),
    (rowIndex, columnIndex) =>
      columnIndex === 2 ? STATUS_FILL[report.controls[rowIndex].status] : undefined,
  );
}

function findingsTable(doc: Doc, findings: ReportFinding[]): void {
  table(
    doc,
    [
      { header: 'Severity', width: 0.075 },
      { header: 'Status', width: 0.08 },
      { header: 'Rule', width: 0.16 },
      { header: 'Resource / where', width: 0.19 },
      { header: 'First seen', width: 0.1 },
      { header: 'Fixed', width: 0.1 },
      { header: 'What, and any decision', width: 0.295, maxLines: 14 },
    ],
    findings.map((finding) => [
      finding.severity,
      finding.status.replace('_', ' '),
      finding.ruleId,
      `${finding.resourceType} ${finding.resourceId}\n${finding.file}:${finding.line}`,
      day(finding.firstSeenAt),
      day(finding.fixedAt),
      decisionText(finding),
    ]),
  );
}

function decisionText(finding: ReportFinding): string {
  const message =
    finding.message.length > MESSAGE_LIMIT
      ? `${finding.message.slice(0, MESSAGE_LIMIT)}...`
      : finding.message;
  if (finding.waiver) return `${message}\n${waiverText(finding.waiver)}`;
  if (finding.suppression)
    return `${message}\nSuppressed in the manifest: "${finding.suppression.reason}"${finding.suppression.expires ? ` until ${finding.suppression.expires}` : ''}`;
  return message;
}

function waivers(doc: Doc, report: ComplianceReport): void {
  const findings = new Map(
    report.controls.flatMap((control) => control.findings.map((finding) => [finding.id, finding])),
  );
  doc.addPage();
  heading(doc, `Waivers in force (${report.waivers.length})`, 16);
  if (report.waivers.length === 0) paragraph(doc, 'No waiver in force.', 9);
  else
    table(
      doc,
      [
        { header: 'Finding', width: 0.2 },
        { header: 'Kind', width: 0.08 },
        { header: 'Justification', width: 0.3 },
        { header: 'Requested by', width: 0.17 },
        { header: 'Approved by', width: 0.15 },
        { header: 'Expires', width: 0.1 },
      ],
      report.waivers.map((waiver) => {
        const finding = findings.get(waiver.findingId);
        return [
          finding
            ? `${finding.ruleId} on ${finding.resourceType} ${finding.resourceId} (${waiver.findingId.slice(0, 8)})`
            : waiver.findingId,
          waiver.kind.replace('_', ' '),
          waiver.justification,
          `${waiver.requestedBy}, ${day(waiver.requestedAt)}`,
          waiver.approvedBy ? `${waiver.approvedBy}, ${day(waiver.approvedAt)}` : 'not recorded',
          day(waiver.expiresAt),
        ];
      }),
    );
  heading(doc, `Inline suppressions (${report.suppressions.length})`, 16);
  if (report.suppressions.length === 0) paragraph(doc, 'No inline suppression.', 9);
  else
    table(
      doc,
      [
        { header: 'Rule', width: 0.14 },
        { header: 'Resource', width: 0.2 },
        { header: 'Where', width: 0.22, font: 'mono' },
        { header: 'Reason', width: 0.32 },
        { header: 'Expires', width: 0.12 },
      ],
      report.suppressions.map((entry) => [
        entry.ruleId,
        entry.resource,
        `${entry.file}:${entry.line}`,
        entry.reason,
        entry.expires ?? '',
      ]),
    );
}

function deprecated(doc: Doc, report: ComplianceReport): void {
  heading(doc, 'Deprecated taxonomy keys in use', 16);
  if (report.deprecatedTaxonomyKeys.length === 0) paragraph(doc, 'None.', 9);
  else
    table(
      doc,
      [
        { header: 'Key', width: 0.3, font: 'mono' },
        { header: 'Replacement', width: 0.3, font: 'mono' },
        { header: 'Files', width: 0.4 },
      ],
      report.deprecatedTaxonomyKeys.map((entry) => [
        entry.key,
        entry.replacement ?? '',
        entry.files.join(', '),
      ]),
    );
}

/**
 * A table whose rows never split: a row that does not fit goes to the next page, under the
 * header again. Widths are shares of the text width. Cells are laid out here, word by word with
 * cached widths, and each line drawn as it is: pdfkit's own line wrapper, run twice a cell (to
 * measure, then to draw), took most of a 10,000-finding report's time.
 */
function table(
  doc: Doc,
  columns: Column[],
  rows: string[][],
  fill?: (row: number, column: number) => string | undefined,
): void {
  const total = contentWidth(doc);
  const widths = columns.map((column) => column.width * total);
  const fontOf = (column: Column, bold: boolean) => (bold ? BOLD : column.font === 'mono' ? MONO : FONT);
  const lineHeight = TABLE_FONT_SIZE * 1.22;
  const layout = (cells: string[], bold: boolean) => {
    const lines = cells.map((cell, index) => {
      doc.font(fontOf(columns[index], bold)).fontSize(TABLE_FONT_SIZE);
      return wrapLines(doc, cell, widths[index] - 2 * CELL_PAD, columns[index].maxLines ?? MAX_CELL_LINES);
    });
    return { lines, height: Math.max(...lines.map((cell) => cell.length), 1) * lineHeight + 2 * CELL_PAD };
  };
  const drawRow = (row: { lines: string[][]; height: number }, bold: boolean, rowIndex: number) => {
    let x = MARGIN;
    const y = doc.y;
    row.lines.forEach((lines, index) => {
      const color = bold ? HEADER_FILL : fill?.(rowIndex, index);
      if (color) doc.rect(x, y, widths[index], row.height).fill(color);
      doc.rect(x, y, widths[index], row.height).lineWidth(0.5).strokeColor(RULE).stroke();
      doc.fillColor(INK).font(fontOf(columns[index], bold)).fontSize(TABLE_FONT_SIZE);
      lines.forEach((line, number) =>
        doc.text(line, x + CELL_PAD, y + CELL_PAD + number * lineHeight, { lineBreak: false }),
      );
      x += widths[index];
    });
    doc.x = MARGIN;
    doc.y = y + row.height;
  };
  const header = layout(
    columns.map((column) => pdfText(column.header)),
    true,
  );
  ensureSpace(doc, header.height + lineHeight + 2 * CELL_PAD);
  drawRow(header, true, -1);
  rows.forEach((row, rowIndex) => {
    const measured = layout(row.map(pdfText), false);
    if (doc.y + measured.height > bottom(doc)) {
      doc.addPage();
      drawRow(header, true, -1);
    }
    drawRow(measured, false, rowIndex);
  });
  doc.y += 8;
}

/** A cell holds at most this many lines in the PDF; the last one ends in '...' when text is cut. */
const MAX_CELL_LINES = 8;
/** Kerning across a space is not in the words' own widths: keep this much room at a line's end. */
const LINE_SLACK = 1;

/**
 * Greedy word wrap in the current font and size: at spaces, and inside a word too long for a
 * line. Widths of words come from doc.widthOfString (cached per font, see memoiseFonts).
 */
function wrapLines(doc: Doc, text: string, width: number, maxLines: number): string[] {
  const room = width - LINE_SLACK;
  const space = doc.widthOfString(' ');
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let used = 0;
    for (const word of paragraph.split(' ')) {
      const wordWidth = doc.widthOfString(word);
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
      while (doc.widthOfString(rest) > room) {
        let cut = Math.max(1, Math.floor((rest.length * room) / doc.widthOfString(rest)));
        while (cut > 1 && doc.widthOfString(rest.slice(0, cut)) > room) cut--;
        // Paths and ids read better cut after a '/' or '-' than in the middle of a name.
        const natural = Math.max(rest.lastIndexOf('/', cut - 1), rest.lastIndexOf('-', cut - 1));
        if (natural > 0) cut = natural + 1;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
      used = doc.widthOfString(rest);
    }
    lines.push(line);
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = `${kept[maxLines - 1]}...`;
  while (last.length > 3 && doc.widthOfString(last) > room) last = `${last.slice(0, -4)}...`;
  kept[maxLines - 1] = last;
  return kept;
}

function pageNumbers(doc: Doc, report: ComplianceReport): void {
  const range = doc.bufferedPageRange();
  const footer = pdfText(
    `${report.framework.name} compliance report, ${report.project}, ${day(report.generatedAt)}`,
  );
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    // Writing into the bottom margin must not start a new page.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN + 2;
    doc.font(FONT).fontSize(7.5).fillColor(MUTED);
    doc.text(footer, MARGIN, y, { lineBreak: false });
    const label = `Page ${index + 1} of ${range.count}`;
    doc.text(label, doc.page.width - MARGIN - doc.widthOfString(label), y, { lineBreak: false });
    doc.page.margins.bottom = margin;
  }
}

/**
 * pdfkit measures every word of every cell twice (to size the row, then to draw it) and encodes
 * every line it draws, glyph pair by glyph pair for kerning; a 10,000-finding report repeats the
 * same words and lines (severities, statuses, rule ids, dates) thousands of times. Caching both
 * per font makes it several times faster and changes no byte of the output: pdfkit never
 * modifies what they return.
 */
function memoiseFonts(doc: Doc): void {
  type Font = {
    name: string;
    encode(text: string, features?: unknown): unknown;
    widthOfString(text: string, size: number, features?: unknown): number;
  };
  const state = doc as unknown as { _font: Font };
  for (const name of [FONT, BOLD, MONO]) {
    doc.font(name);
    const font = state._font;
    const encode = font.encode.bind(font);
    const width = font.widthOfString.bind(font);
    const encoded = new Map<string, unknown>();
    const widths = new Map<string, number>();
    font.encode = (text, features) => {
      if (features) return encode(text, features);
      let result = encoded.get(text);
      if (result === undefined) {
        result = encode(text);
        if (encoded.size < 100_000) encoded.set(text, result);
      }
      return result;
    };
    // Widths scale with the size: cached at 1,000 units (the fonts' own).
    font.widthOfString = (text, size, features) => {
      if (features) return width(text, size, features);
      let units = widths.get(text);
      if (units === undefined) {
        units = width(text, 1000);
        if (widths.size < 200_000) widths.set(text, units);
      }
      return (units * size) / 1000;
    };
  }
  doc.font(FONT);
}

/**
 * The PDF's built-in fonts encode Windows-1252 only: typographic punctuation is mapped to its
 * plain form and anything else outside Latin-1 shows as '?' (the JSON, CSV and HTML keep it).
 */
function pdfText(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/[^\t\n\x20-\x7e\xa0-\xff]/g, '?');
}
