import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ReportScan, ReportSummary, ReportWaiver } from '../compliance-report/report-model';

/** `to` null: up to now, whatever the database's clock says (no finding is left out for a clock difference). */
export interface ReadPeriod {
  from: Date | null;
  to: Date | null;
}

const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * What a report is made from, read in one snapshot (the caller's REPEATABLE READ transaction):
 * the project's findings in the period with their waivers, the scans they rest on with the
 * digest of every manifest, and the previous report of the same framework for the trend.
 */
@Injectable()
export class ReportSourcesRepository {
  /**
   * Findings present at some time in the period: seen by its end, and not fixed before its start.
   * `fixedAt` is the latest move to fixed (by a scan or a person). One JSON array of
   * StoredFinding, as PostgreSQL aggregates it: the service passes the text on to the worker
   * thread that builds the report and parses it there, so that its event loop neither makes
   * 10,000 row objects nor copies them to the thread.
   */
  async findingsJson(manager: EntityManager, projectId: string, period: ReadPeriod): Promise<string> {
    const [{ findings }]: { findings: string }[] = await manager.query(
      `SELECT coalesce(json_agg(finding ORDER BY finding.id), '[]')::text AS findings FROM (
         SELECT f.id, f.rule_id AS "ruleId", f.severity, f.status, f.resource_type AS "resourceType",
                f.resource_id AS "resourceId", f.file, f.line, f.message,
                ${ISO('f.first_seen_at')} AS "firstSeenAt", ${ISO('fixed.at')} AS "fixedAt",
                f.inline_suppression AS "inlineSuppression"
         FROM findings f
         LEFT JOIN LATERAL (
           SELECT max(e.created_at) AS at FROM finding_events e
           WHERE e.finding_id = f.id AND e.to_status = 'fixed' AND f.status = 'fixed'
         ) fixed ON true
         WHERE f.project_id = $1 AND ($2::timestamptz IS NULL OR f.first_seen_at <= $2)
           AND ($3::timestamptz IS NULL OR f.status <> 'fixed' OR fixed.at IS NULL OR fixed.at >= $3)
       ) finding`,
      [projectId, period.to, period.from],
    );
    return findings;
  }

  /**
   * Waivers in force on the project's findings: approved and not ended, with who asked and who
   * approved (the same person for an admin's own decision, and for waivers from before approvals).
   */
  async waiversInForce(manager: EntityManager, projectId: string): Promise<ReportWaiver[]> {
    return manager.query(
      `SELECT w.id, w.finding_id AS "findingId", w.kind, w.justification, w.requested_by AS "requestedBy",
              ${ISO('w.requested_at')} AS "requestedAt", w.decided_by AS "approvedBy", ${ISO('w.decided_at')} AS "approvedAt",
              ${ISO('w.expires_at')} AS "expiresAt"
       FROM waivers w JOIN findings f ON f.id = w.finding_id
       WHERE f.project_id = $1 AND w.state = 'approved' AND w.ended_at IS NULL
       ORDER BY w.requested_at, w.id`,
      [projectId],
    );
  }

  /**
   * The scans of the period, newest first, and the last scan before it (the state the period
   * starts from), each with the SHA-256 of every manifest it stored.
   */
  async scans(
    manager: EntityManager,
    projectId: string,
    period: ReadPeriod,
  ): Promise<(ReportScan & { referenceData: Record<string, string> })[]> {
    const scans: (Omit<ReportScan, 'manifests'> & { referenceData: Record<string, string> })[] =
      await manager.query(
        `(SELECT id, ref, commit_sha AS commit, complete, ${ISO('created_at')} AS "scannedAt", created_at,
               reference_data AS "referenceData"
        FROM scans WHERE project_id = $1 AND ($2::timestamptz IS NULL OR created_at <= $2) AND ($3::timestamptz IS NULL OR created_at >= $3))
       UNION
       (SELECT id, ref, commit_sha, complete, ${ISO('created_at')}, created_at, reference_data
        FROM scans WHERE project_id = $1 AND $3::timestamptz IS NOT NULL AND created_at < $3
        ORDER BY created_at DESC, id DESC LIMIT 1)
       ORDER BY created_at DESC, id DESC`,
        [projectId, period.to, period.from],
      );
    if (scans.length === 0) return [];
    const files: { scanId: string; path: string; sha256: string }[] = await manager.query(
      `SELECT scan_id AS "scanId", path, encode(sha256(convert_to(content, 'UTF8')), 'hex') AS sha256
       FROM scan_files WHERE scan_id = ANY($1::uuid[]) ORDER BY scan_id, path`,
      [scans.map((scan) => scan.id)],
    );
    const byScan = new Map<string, { path: string; sha256: string }[]>();
    for (const file of files) {
      const list = byScan.get(file.scanId) ?? [];
      list.push({ path: file.path, sha256: file.sha256 });
      byScan.set(file.scanId, list);
    }
    return scans.map(({ id, ref, commit, complete, scannedAt, referenceData }) => ({
      id,
      ref,
      commit,
      complete,
      scannedAt,
      referenceData,
      manifests: byScan.get(id) ?? [],
    }));
  }

  /** The manifests a scan stored (secrets masked), for what the report says about them. */
  async manifests(manager: EntityManager, scanId: string): Promise<{ path: string; content: string }[]> {
    return manager.query('SELECT path, content FROM scan_files WHERE scan_id = $1 ORDER BY path', [scanId]);
  }

  async previousReport(
    manager: EntityManager,
    projectId: string,
    framework: string,
  ): Promise<{ id: string; generatedAt: string; summary: ReportSummary } | null> {
    const [row] = await manager.query(
      `SELECT id, ${ISO('generated_at')} AS "generatedAt", summary FROM reports
       WHERE project_id = $1 AND framework = $2 ORDER BY generated_at DESC, seq DESC LIMIT 1`,
      [projectId, framework],
    );
    return row ?? null;
  }
}
