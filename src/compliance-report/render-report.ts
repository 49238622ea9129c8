import type { ComplianceReport, ReportFormat } from './report-model';
import { renderCsv } from './render-csv';
import { renderHtml } from './render-html';
import { renderJson } from './render-json';
import { renderOscal } from './render-oscal';
import { renderPdf } from './render-pdf';

/** How each format is served and named when downloaded. */
export const REPORT_MEDIA: Record<ReportFormat, { mediaType: string; extension: string }> = {
  pdf: { mediaType: 'application/pdf', extension: 'pdf' },
  html: { mediaType: 'text/html; charset=utf-8', extension: 'html' },
  csv: { mediaType: 'text/csv; charset=utf-8; header=present', extension: 'csv' },
  json: { mediaType: 'application/json', extension: 'json' },
  oscal: { mediaType: 'application/json', extension: 'oscal.json' },
};

export async function renderReport(report: ComplianceReport, format: ReportFormat): Promise<Buffer> {
  switch (format) {
    case 'pdf':
      return renderPdf(report);
    case 'html':
      return renderHtml(report);
    case 'csv':
      return renderCsv(report);
    case 'json':
      return renderJson(report);
    case 'oscal':
      return renderOscal(report);
  }
}
