import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SEVERITY_RANK } from '../core/severity';
import type { Finding } from '../core/finding';
import type { FindingStatus } from './finding-status';

/** Rows per statement: large enough to amortise round trips, small enough to keep statements cheap. */
const BATCH = 5000;

export interface ExistingFinding {
  id: string;
  status: FindingStatus;
}

/**
 * The set-based SQL a scan's ingestion needs: findings are written with one statement per
 * batch (unnest of column arrays) rather than one per row, so 50,000 findings stay fast.
 */
@Injectable()
export class FindingIngestionRepository {
  async existing(
    manager: EntityManager,
    projectId: string,
    fingerprints: string[],
  ): Promise<Map<string, ExistingFinding>> {
    const found = new Map<string, ExistingFinding>();
    for (let i = 0; i < fingerprints.length; i += BATCH) {
      const rows: { id: string; fingerprint: string; status: FindingStatus }[] = await manager.query(
        'SELECT id, fingerprint, status FROM findings WHERE project_id = $1 AND fingerprint = ANY($2::text[])',
        [projectId, fingerprints.slice(i, i + BATCH)],
      );
      for (const row of rows) found.set(row.fingerprint, { id: row.id, status: row.status });
    }
    return found;
  }

  /**
   * Inserts new findings and refreshes the ones seen before (location, message, evidence move
   * with the manifest); a fixed finding that is back becomes reopened. Returns ids by fingerprint.
   */
  async upsert(
    manager: EntityManager,
    projectId: string,
    scanId: string,
    findings: Finding[],
  ): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (let i = 0; i < findings.length; i += BATCH) {
      const batch = findings.slice(i, i + BATCH);
      const column = <T>(pick: (finding: Finding) => T) => batch.map(pick);
      const json = (pick: (finding: Finding) => unknown) =>
        batch.map((finding) => JSON.stringify(pick(finding) ?? null));
      const rows: { id: string; fingerprint: string }[] = await manager.query(
        `INSERT INTO findings (project_id, fingerprint, rule_id, module, title, severity, severity_rank, status,
           resource_type, resource_id, manifest, file, line, "column", pointer, message, evidence, witness_path,
           "references", remediation, fix, inline_suppression, first_seen_scan_id, last_seen_scan_id)
         SELECT $1, fingerprint, rule_id, module, title, severity, severity_rank, 'open',
           resource_type, resource_id, manifest, file, line, col, pointer, message, evidence::jsonb,
           nullif(witness_path, 'null')::jsonb, refs::jsonb, remediation, nullif(fix, 'null')::jsonb,
           nullif(suppression, 'null')::jsonb, $2, $2
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::smallint[], $9::text[],
           $10::text[], $11::text[], $12::text[], $13::int[], $14::int[], $15::text[], $16::text[], $17::text[],
           $18::text[], $19::text[], $20::text[], $21::text[], $22::text[])
           AS u(fingerprint, rule_id, module, title, severity, severity_rank, resource_type, resource_id, manifest,
             file, line, col, pointer, message, evidence, witness_path, refs, remediation, fix, suppression)
         ON CONFLICT (project_id, fingerprint) DO UPDATE SET
           title = EXCLUDED.title, severity = EXCLUDED.severity, severity_rank = EXCLUDED.severity_rank,
           manifest = EXCLUDED.manifest, file = EXCLUDED.file, line = EXCLUDED.line, "column" = EXCLUDED."column",
           pointer = EXCLUDED.pointer, message = EXCLUDED.message, evidence = EXCLUDED.evidence,
           witness_path = EXCLUDED.witness_path, "references" = EXCLUDED."references",
           remediation = EXCLUDED.remediation, fix = EXCLUDED.fix, inline_suppression = EXCLUDED.inline_suppression,
           last_seen_scan_id = EXCLUDED.last_seen_scan_id, last_seen_at = now(), updated_at = now(),
           status = CASE WHEN findings.status = 'fixed' THEN 'reopened' ELSE findings.status END
         RETURNING id, fingerprint`,
        [
          projectId,
          scanId,
          column((f) => f.fingerprint),
          column((f) => f.ruleId),
          column((f) => f.module),
          column((f) => f.title),
          column((f) => f.severity),
          column((f) => SEVERITY_RANK[f.severity]),
          column((f) => f.resource.type),
          column((f) => f.resource.id),
          column((f) => f.manifest),
          column((f) => f.file),
          column((f) => f.line),
          column((f) => f.column),
          column((f) => f.pointer),
          column((f) => f.message),
          json((f) => f.evidence),
          json((f) => f.witnessPath),
          json((f) => f.references),
          column((f) => f.remediation),
          json((f) => f.fix),
          json((f) => f.suppression),
        ],
      );
      for (const row of rows) ids.set(row.fingerprint, row.id);
    }
    return ids;
  }

  async linkToScan(manager: EntityManager, scanId: string, findingIds: string[]): Promise<void> {
    for (let i = 0; i < findingIds.length; i += BATCH) {
      await manager.query('INSERT INTO scan_findings (scan_id, finding_id) SELECT $1, unnest($2::uuid[])', [
        scanId,
        findingIds.slice(i, i + BATCH),
      ]);
    }
  }

  async addEvents(
    manager: EntityManager,
    scanId: string,
    events: { findingId: string; type: string; fromStatus: string | null; toStatus: string }[],
  ): Promise<void> {
    for (let i = 0; i < events.length; i += BATCH) {
      const batch = events.slice(i, i + BATCH);
      await manager.query(
        `INSERT INTO finding_events (finding_id, scan_id, type, actor, from_status, to_status)
         SELECT finding_id, $1, type, 'scan', from_status, to_status
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[]) AS u(finding_id, type, from_status, to_status)`,
        [
          scanId,
          batch.map((e) => e.findingId),
          batch.map((e) => e.type),
          batch.map((e) => e.fromStatus),
          batch.map((e) => e.toStatus),
        ],
      );
    }
  }

  /**
   * A complete scan that no longer reports a finding fixes it, whatever its status; waivers on
   * it end, since there is nothing left to waive. Returns what was fixed.
   */
  async fixAbsent(
    manager: EntityManager,
    projectId: string,
    scanId: string,
  ): Promise<{ id: string; ruleId: string; resourceType: string; resourceId: string }[]> {
    const rows: { id: string; rule_id: string; resource_type: string; resource_id: string }[] =
      await manager.query(
        `WITH gone AS (
         SELECT id, status FROM findings
         WHERE project_id = $1 AND last_seen_scan_id <> $2 AND status <> 'fixed'
         FOR UPDATE
       ), fixed AS (
         UPDATE findings f SET status = 'fixed', risk_accepted_until = NULL, updated_at = now()
         FROM gone WHERE f.id = gone.id
         RETURNING f.id, f.rule_id, f.resource_type, f.resource_id, gone.status AS from_status
       ), events AS (
         INSERT INTO finding_events (finding_id, scan_id, type, actor, from_status, to_status)
         SELECT id, $2, 'fixed', 'scan', from_status, 'fixed' FROM fixed
       ), waivers_ended AS (
         UPDATE waivers SET ended_at = now() WHERE ended_at IS NULL AND finding_id IN (SELECT id FROM fixed)
       )
       SELECT id, rule_id, resource_type, resource_id FROM fixed`,
        [projectId, scanId],
      );
    return rows.map((row) => ({
      id: row.id,
      ruleId: row.rule_id,
      resourceType: row.resource_type,
      resourceId: row.resource_id,
    }));
  }
}
