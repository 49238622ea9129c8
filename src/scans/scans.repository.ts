import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { FailOn } from '../core/severity';
import type { Verdict } from '../core/verdict';
import type { ScanSummary, ScanWarning } from './scan-effect';

/** A scan as GET /scans lists it. */
export interface ScanRow {
  id: string;
  project: string;
  ref: string | null;
  commit: string | null;
  complete: boolean;
  createdAt: string;
  /** created_at to the microsecond, for cursors. */
  createdAtMicros: string;
  verdict: Verdict;
  failOn: FailOn;
  summary: ScanSummary;
  warnings: ScanWarning[];
  rulesVersion: string;
  referenceData: Record<string, string>;
  /** The API key that submitted it (null before keys existed). */
  submittedBy: string | null;
}

/** A finding that a scan opened, reopened, fixed or reported, as the scan's answer lists it. */
export interface ScanChangeRow {
  id: string;
  ruleId: string;
  severity: string;
  severityRank: number;
  status: string;
  resourceType: string;
  resourceId: string;
  file: string;
  line: number;
  message: string;
  fingerprint: string;
}

const SCAN_COLUMNS = `s.id, p.name AS project, s.ref, s.commit_sha AS commit, s.complete, s.created_at AS "createdAt",
  to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "createdAtMicros",
  s.verdict, s.fail_on AS "failOn", s.summary, s.warnings, s.rules_version AS "rulesVersion", s.reference_data AS "referenceData",
  s.submitted_by_key AS "submittedBy"`;

const CHANGE_COLUMNS = `f.id, f.rule_id AS "ruleId", f.severity, f.severity_rank AS "severityRank", f.status,
  f.resource_type AS "resourceType", f.resource_id AS "resourceId", f.file, f.line, f.message, f.fingerprint`;

type RawScanRow = Omit<ScanRow, 'createdAt'> & { createdAt: Date };

const toScanRow = (row: RawScanRow): ScanRow => ({ ...row, createdAt: row.createdAt.toISOString() });

/** Stored scans: the scan rows, the files they read, and the findings they reported. */
@Injectable()
export class ScansRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The scan a replayed upload stored first: by idempotency key, or by commit. */
  async previous(
    manager: EntityManager,
    projectId: string,
    key?: string,
    commit?: string,
  ): Promise<string | undefined> {
    if (!key && !commit) return undefined;
    const [row]: { id: string }[] = await manager.query(
      `SELECT id FROM scans WHERE project_id = $1 AND (idempotency_key = $2 OR commit_sha = $3) ORDER BY created_at LIMIT 1`,
      [projectId, key ?? null, commit ?? null],
    );
    return row?.id;
  }

  /** A new scan row; its verdict and summary are written once its effect is stored. */
  async insert(
    manager: EntityManager,
    scan: {
      projectId: string;
      ref?: string;
      commit?: string;
      idempotencyKey?: string;
      submittedBy: string | null;
      complete: boolean;
      failOn: FailOn;
      rulesVersion: string;
      referenceData: Record<string, string>;
    },
  ): Promise<string> {
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO scans (project_id, ref, commit_sha, idempotency_key, complete, fail_on, verdict, summary, rules_version, reference_data, submitted_by_key)
       VALUES ($1, $2, $3, $4, $5, $6, 'pass', '{}', $7, $8, $9) RETURNING id`,
      [
        scan.projectId,
        scan.ref ?? null,
        scan.commit ?? null,
        scan.idempotencyKey ?? null,
        scan.complete,
        scan.failOn,
        scan.rulesVersion,
        scan.referenceData,
        scan.submittedBy,
      ],
    );
    return id;
  }

  async setResult(
    manager: EntityManager,
    scanId: string,
    result: { summary: ScanSummary; verdict: Verdict; warnings: ScanWarning[] },
  ): Promise<void> {
    await manager.query('UPDATE scans SET summary = $2, verdict = $3, warnings = $4 WHERE id = $1', [
      scanId,
      result.summary,
      result.verdict,
      JSON.stringify(result.warnings),
    ]);
  }

  /** The manifests as the scan read them (secrets masked by the caller), for remediation excerpts. */
  async storeFiles(
    manager: EntityManager,
    scanId: string,
    files: { path: string; content: string }[],
  ): Promise<void> {
    if (files.length === 0) return;
    await manager.query(
      'INSERT INTO scan_files (scan_id, path, content) SELECT $1, path, content FROM unnest($2::text[], $3::text[]) AS u(path, content)',
      [scanId, files.map((file) => file.path), files.map((file) => file.content)],
    );
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<ScanRow | undefined> {
    const [row]: RawScanRow[] = await manager.query(
      `SELECT ${SCAN_COLUMNS} FROM scans s JOIN projects p ON p.id = s.project_id WHERE s.id = $1`,
      [id],
    );
    return row && toScanRow(row);
  }

  /** Scans newest first, after a (created_at, id) position, within projects and a submitter when given. */
  async list(filter: {
    projectIds?: string[];
    submittedBy?: string;
    after?: { createdAt: string; id: string };
    rows: number;
  }): Promise<ScanRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter.projectIds !== undefined) {
      params.push(filter.projectIds);
      where.push(`s.project_id = ANY($${params.length}::uuid[])`);
    }
    if (filter.submittedBy !== undefined) {
      params.push(filter.submittedBy);
      where.push(`s.submitted_by_key = $${params.length}::uuid`);
    }
    if (filter.after) {
      params.push(filter.after.createdAt, filter.after.id);
      where.push(`(s.created_at, s.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    const rows: RawScanRow[] = await this.dataSource.query(
      `SELECT ${SCAN_COLUMNS} FROM scans s JOIN projects p ON p.id = s.project_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY s.created_at DESC, s.id DESC LIMIT ${filter.rows}`,
      params,
    );
    return rows.map(toScanRow);
  }

  /** The findings a scan reported, most severe first, as they stand now. */
  async reported(
    scanId: string,
    after: { severityRank: number; id: string } | undefined,
    rows: number,
  ): Promise<ScanChangeRow[]> {
    const params: unknown[] = [scanId];
    let range = '';
    if (after) {
      params.push(after.severityRank, after.id);
      range = 'AND (f.severity_rank, f.id) < ($2::smallint, $3::uuid)';
    }
    return this.dataSource.query(
      `SELECT ${CHANGE_COLUMNS} FROM scan_findings sf JOIN findings f ON f.id = sf.finding_id
       WHERE sf.scan_id = $1 ${range}
       ORDER BY f.severity_rank DESC, f.id DESC LIMIT ${rows}`,
      params,
    );
  }

  /** The findings a scan moved for one cause (detected, reopened, fixed), most severe first. */
  async changes(
    scanId: string,
    cause: 'detected' | 'reopened' | 'fixed',
    limit: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ScanChangeRow[]> {
    return manager.query(
      `SELECT ${CHANGE_COLUMNS} FROM finding_events e JOIN findings f ON f.id = e.finding_id
       WHERE e.scan_id = $1 AND e.type = $2
       ORDER BY f.severity_rank DESC, f.id LIMIT ${limit}`,
      [scanId, cause],
    );
  }
}
