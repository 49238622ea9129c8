import type { ScanReport } from '../core/scan-report';
import type { RenderOptions } from './render-options';
import { JsonWriter } from './render-json';
import { JunitWriter } from './render-junit';
import { MarkdownWriter } from './render-markdown';
import { SarifWriter } from './render-sarif';
import { TableWriter } from './render-table';
import { renderWhole, type ReportWriterFactory, type ReportHeader, type ReportWriter } from './report-writer';

export const OUTPUT_FORMATS = ['table', 'json', 'sarif', 'junit', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const WRITERS: Record<OutputFormat, ReportWriterFactory> = {
  table: (header, options) => new TableWriter(header, options),
  json: (header, options) => new JsonWriter(header, options),
  sarif: (header, options) => new SarifWriter(header, options),
  junit: (header) => new JunitWriter(header),
  markdown: (header, options) => new MarkdownWriter(header, options),
};

export function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}

/** The writer of one `--format`, fed file by file as the scan goes. */
export function createReportWriter(
  format: OutputFormat,
  header: ReportHeader,
  options: RenderOptions,
): ReportWriter {
  return WRITERS[format](header, options);
}

/** The whole text of one `--format` for a report already in memory. */
export function renderReport(report: ScanReport, format: OutputFormat, options: RenderOptions): string {
  return renderWhole(report, options, WRITERS[format]);
}
