import type { Check, Finding, NotEvaluated } from '../core/finding';
import type { InputProblem } from '../core/input-error';
import type { ScanReport } from '../core/scan-report';
import type { OutputSink } from './output-sink';
import type { RenderOptions } from './render-options';
import { SummaryCounter, type ScanSummary } from './summary';
import { StringSink } from './output-sink';

/** What a format knows before the first file is scanned. */
export type ReportHeader = Pick<ScanReport, 'tool' | 'rules' | 'referenceData'>;

/** The findings, warnings and checks of some files, in file order; findings in any order. */
export interface ReportPart {
  findings: readonly Finding[];
  warnings: readonly InputProblem[];
  /** Absent when the scan did not record its checks. */
  checks?: readonly Check[];
  /** Rules an imported resource's sources cannot feed; absent or empty for native manifests. */
  notEvaluated?: readonly NotEvaluated[];
}

/** What only the end of the scan knows. */
export interface ReportEnd {
  files: number;
  /** Baseline findings that no longer occur: bounded by the baseline, not by the scan. */
  absent: readonly Finding[];
  summary: ScanSummary;
}

/**
 * One output format, written as the scan goes: add() takes each file's part as it is scanned
 * and keeps aside only what the format's order needs (spooled to a temporary file when large);
 * finish() writes the document to the sink. dispose() frees the spool, also after a failed scan.
 */
export interface ReportWriter {
  add(part: ReportPart): void;
  finish(end: ReportEnd, sink: OutputSink): void;
  dispose(): void;
}

export type ReportWriterFactory = (header: ReportHeader, options: RenderOptions) => ReportWriter;

/** A whole report in memory through a format's writer: the same bytes as the streamed scan. */
export function renderWhole(report: ScanReport, options: RenderOptions, create: ReportWriterFactory): string {
  const writer = create(report, options);
  try {
    writer.add(report);
    const counter = new SummaryCounter();
    counter.add(report.findings);
    const sink = new StringSink();
    writer.finish(
      {
        files: report.files.length,
        absent: report.absent,
        summary: counter.summary(options.failOn, report.absent.length),
      },
      sink,
    );
    return sink.text();
  } finally {
    writer.dispose();
  }
}
