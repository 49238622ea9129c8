import PDFDocument from 'pdfkit';
import { PdfTableWriter, type TableColumn } from './pdf-table';
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
/** Draws a table at doc.y (pdf-table.ts), in the PDF's fonts; texts are made encodable first. */
type Table = (
  columns: TableColumn[],
  rows: string[][],
  fill?: (row: number, column: number) => string | undefined,
) => void;

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
  const tables = new PdfTableWriter(doc, {
    left: MARGIN,
    fonts: { regular: FONT, bold: BOLD, mono: MONO },
    fontSize: TABLE_FONT_SIZE,
    lineHeight: TABLE_FONT_SIZE * 1.22,
    padding: CELL_PAD,
    ink: INK,
    rule: RULE,
    headerFill: HEADER_FILL,
  });
  const table: Table = (columns, rows, fill) => {
    tables.table(
      columns.map((column) => ({ ...column, header: pdfText(column.header) })),
      rows.map((row) => row.map(pdfText)),
      fill,
    );
    // What follows moves down by the table font's line height, as after pdfkit's own text.
    const last = columns[columns.length - 1];
    doc.font(rows.length === 0 ? BOLD : last.font === 'mono' ? MONO : FONT).fontSize(TABLE_FONT_SIZE);
  };
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  cover(doc, report);
  doc.addPage();
  summary(doc, report, table);
  scope(doc, report, table);
  controlsOverview(doc, report, table);
  for (const control of report.controls.filter((entry) => entry.rules.length > 0)) {
    heading(doc, `${control.id} ${control.title}`, 12, STATUS_LABEL[control.status], control.status);
    paragraph(
      doc,
      `Rules: ${control.rules.map((rule) => `${rule.id} (${rule.severity}) ${rule.title}`).join('; ')}`,
      8,
      MUTED,
    );
    if (control.findings.length === 0) paragraph(doc, 'No findings.', 9);
    else findingsTable(control.findings, table);
  }
  waivers(doc, report, table);
  deprecated(doc, report, table);
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

function summary(doc: Doc, report: ComplianceReport, table: Table): void {
  heading(doc, 'Summary', 16);
  const { controls, findings } = report.summary;
  table(
    [
      { header: 'Controls', width: 0.25 },
      { header: 'Compliant', width: 0.25 },
      { header: 'Non-compliant', width: 0.25 },
      { header: 'Not assessed by Vigil', width: 0.25 },
    ],
    [[controls.total, controls.compliant, controls['non-compliant'], controls['not-assessed']].map(String)],
  );
  table(
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

function scope(doc: Doc, report: ComplianceReport, table: Table): void {
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
    [
      { header: 'Scan', width: 0.1, font: 'mono' },
      { header: 'Manifest', width: 0.4 },
      { header: 'SHA-256', width: 0.5, font: 'mono' },
    ],
    manifests,
  );
}

function controlsOverview(doc: Doc, report: ComplianceReport, table: Table): void {
  doc.addPage();
  heading(doc, 'Controls', 16);
  table(
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

function findingsTable(findings: ReportFinding[], table: Table): void {
  table(
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

function waivers(doc: Doc, report: ComplianceReport, table: Table): void {
  const findings = new Map(
    report.controls.flatMap((control) => control.findings.map((finding) => [finding.id, finding])),
  );
  doc.addPage();
  heading(doc, `Waivers in force (${report.waivers.length})`, 16);
  if (report.waivers.length === 0) paragraph(doc, 'No waiver in force.', 9);
  else
    table(
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

function deprecated(doc: Doc, report: ComplianceReport, table: Table): void {
  heading(doc, 'Deprecated taxonomy keys in use', 16);
  if (report.deprecatedTaxonomyKeys.length === 0) paragraph(doc, 'None.', 9);
  else
    table(
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
