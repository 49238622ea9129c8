import type { ScanReport } from '../core/scan-report';
import type { Renderer, RenderOptions } from './render-options';
import { renderJson } from './render-json';
import { renderJunit } from './render-junit';
import { renderMarkdown } from './render-markdown';
import { renderSarif } from './render-sarif';
import { renderTable } from './render-table';

export const OUTPUT_FORMATS = ['table', 'json', 'sarif', 'junit', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const RENDERERS: Record<OutputFormat, Renderer> = {
  table: renderTable,
  json: renderJson,
  sarif: renderSarif,
  junit: renderJunit,
  markdown: renderMarkdown,
};

export function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}

/** The text of one `--format`; the caller writes it to standard output or `--output`. */
export function renderReport(report: ScanReport, format: OutputFormat, options: RenderOptions): string {
  return RENDERERS[format](report, options);
}
