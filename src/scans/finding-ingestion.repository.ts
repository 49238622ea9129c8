import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Finding } from '../core/finding';
import { SEVERITY_RANK } from '../core/severity';
import type { StoredFinding } from './scan-effect';
import type { FindingStatus } from '../findings/lifecycle/finding-lifecycle';

/** Rows per statement: large enough to amortise round trips, small enough to keep statements cheap. */
const BATCH = 5000;

/**
 * The set-based SQL a scan's ingestion needs: findings are written with one statement per
 * batch (unnest of column arrays) rather than one per row, so 50,000 findings stay fast.
 */
@Injectable()
export class FindingIngestionRepository {
  /**
   * The stored state a scan's effect is planned from, locked until the scan is stored: every
   * reported fingerprint and, for a complete scan, every finding not yet fixed (the ones it
   * may fix). Changes by people to these findings wait for the scan.
   */
  async storedState(
    manager: EntityManager,
    projectId: string,
    fingerprints: string[],
    complete: boolean,
  ): Promise<StoredFinding[]> {
    return manager.query(
      `SELECT id, fingerprint, status, file FROM findings
       WHERE project_id = $1 AND (fingerprint = ANY($2::text[])${complete ? " OR status <> 'fixed'" : ''})
       ORDER BY id FOR UPDATE`,
      [projectId, fingerprints],
    );
  }

  /**
   * Inserts new findings (open) and refreshes the ones seen before: location, message and
   * evidence move with the manifest. Statuses of known findings are the lifecycle's to change.
   * Returns ids by fingerprint.
   */
  async upsert(
    manager: EntityManager,
    projectId: string,
    scanId: string,
    findings: Finding[],
    initialStatus: FindingStatus,
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
           "references", remediation, fix, inline_suppression, evidence_hash, first_seen_scan_id, last_seen_scan_id)
         SELECT $1, fingerprint, rule_id, module, title, severity, severity_rank, $23,
           resource_type, resource_id, manifest, file, line, col, pointer, message, evidence::jsonb,
           nullif(witness_path, 'null')::jsonb, refs::jsonb, remediation, nullif(fix, 'null')::jsonb,
           nullif(suppression, 'null')::jsonb, evidence_hash, $2, $2
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::smallint[], $9::text[],
           $10::text[], $11::text[], $12::text[], $13::int[], $14::int[], $15::text[], $16::text[], $17::text[],
           $18::text[], $19::text[], $20::text[], $21::text[], $22::text[], $24::text[])
           AS u(fingerprint, rule_id, module, title, severity, severity_rank, resource_type, resource_id, manifest,
             file, line, col, pointer, message, evidence, witness_path, refs, remediation, fix, suppression, evidence_hash)
         ON CONFLICT (project_id, fingerprint) DO UPDATE SET
           title = EXCLUDED.title, severity = EXCLUDED.severity, severity_rank = EXCLUDED.severity_rank,
           manifest = EXCLUDED.manifest, file = EXCLUDED.file, line = EXCLUDED.line, "column" = EXCLUDED."column",
           pointer = EXCLUDED.pointer, message = EXCLUDED.message, evidence = EXCLUDED.evidence,
           witness_path = EXCLUDED.witness_path, "references" = EXCLUDED."references",
           remediation = EXCLUDED.remediation, fix = EXCLUDED.fix, inline_suppression = EXCLUDED.inline_suppression,
           evidence_hash = EXCLUDED.evidence_hash,
           last_seen_scan_id = EXCLUDED.last_seen_scan_id, last_seen_at = now(), updated_at = now()
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
          initialStatus,
          column((f) => f.evidenceHash ?? null),
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
}
