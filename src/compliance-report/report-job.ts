import { createHash } from 'node:crypto';
import { signReport } from '../report-signing/sign-report';
import type { SigningIdentity } from '../report-signing/signing-identity';
import { buildReport, type ReportInputs, type StoredFinding } from './build-report';
import type { ReportFormat, ReportSummary } from './report-model';
import { renderReport } from './render-report';

/** One report to make, as a worker thread receives it: plain data, so it can be posted. */
export interface ReportJob {
  inputs: Omit<ReportInputs, 'findings'>;
  /**
   * The findings (StoredFinding[]) as one JSON array, as the database wrote it: parsed here, in
   * the worker thread, rather than as 10,000 objects on the service's event loop.
   */
  findingsJson: string;
  format: ReportFormat;
  signing: SigningIdentity;
}

export interface RenderedReport {
  content: Uint8Array;
  sha256: string;
  /** Detached CMS SignedData over `content`, DER. */
  signature: Uint8Array;
  summary: ReportSummary;
}

/**
 * Builds, renders and signs a report: CPU-bound work (a 10,000-finding PDF, forge's SHA-256 of
 * the bytes) that runs in the scan worker pool, beside the service's event loop.
 */
export async function runReportJob(job: ReportJob): Promise<RenderedReport> {
  const report = buildReport({ ...job.inputs, findings: JSON.parse(job.findingsJson) as StoredFinding[] });
  const content = await renderReport(report, job.format);
  return {
    content,
    sha256: createHash('sha256').update(content).digest('hex'),
    signature: signReport(content, job.signing, new Date(job.inputs.generatedAt)),
    summary: report.summary,
  };
}
