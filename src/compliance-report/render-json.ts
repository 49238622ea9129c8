import type { ComplianceReport } from './report-model';

/** The report model itself, for tools: the same content the other formats lay out. */
export function renderJson(report: ComplianceReport): Buffer {
  return Buffer.from(`${JSON.stringify(report, null, 2)}\n`, 'utf8');
}
