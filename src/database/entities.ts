import { AuditChainHead, AuditEntry } from '../audit/audit-entry.entity';
import { FindingEvent } from '../findings/finding-event.entity';
import { FindingRecord } from '../findings/finding.entity';
import { Waiver } from '../waivers/waiver.entity';
import { Project } from '../projects/project.entity';
import { ReportRecord } from '../reports/report.entity';
import { ScanFile } from '../scans/scan-file.entity';
import { ScanFinding } from '../scans/scan-finding.entity';
import { Scan } from '../scans/scan.entity';

/** Every entity; each mirrors a table of migrations/. */
export const ENTITIES = [
  Project,
  Scan,
  ScanFile,
  ScanFinding,
  FindingRecord,
  FindingEvent,
  Waiver,
  AuditEntry,
  AuditChainHead,
  ReportRecord,
];
