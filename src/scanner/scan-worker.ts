import { runScanJob } from './scan-job';

/**
 * The module each thread of the scan worker pool loads: scanning is CPU-bound, so a large scan
 * runs beside the CLI's or the service's main thread instead of holding it.
 */
export default runScanJob;

/** Compliance reports are rendered and signed in the same threads (ScanWorkerPool.runReport). */
export { runReportJob } from '../compliance-report/report-job';
