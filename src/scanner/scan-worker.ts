import type { RenderedReport, ReportJob } from '../compliance-report/report-job';
import { runScanJob } from './scan-job';

/**
 * The module each thread of the scan worker pool loads: scanning is CPU-bound, so a large scan
 * runs beside the CLI's or the service's main thread instead of holding it.
 */
export default runScanJob;

/**
 * Compliance reports are rendered and signed in the same threads (ScanWorkerPool.runReport).
 * Their modules (PDF, fonts, signing) load with the first report: a scan thread never needs them,
 * and loading them took longer than starting Node.
 */
export async function runReportJob(job: ReportJob): Promise<RenderedReport> {
  const reports = await import('../compliance-report/report-job');
  return reports.runReportJob(job);
}
