import { Inject, Injectable, PayloadTooLargeException } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DataSource, type EntityManager } from 'typeorm';
import { ACTIVE_STATUSES, type FindingStatus } from '../findings/finding-status';
import { FindingIngestionRepository } from '../findings/finding-ingestion.repository';
import { WaiverExpiry } from '../findings/waiver-expiry';
import { failsAt, SEVERITIES } from '../core/severity';
import type { Finding } from '../core/finding';
import type { ScanReport } from '../core/scan-report';
import type { CreateScanDto } from './dto/create-scan.dto';
import { ScanRunner } from './scan-runner';
import type { ScanSummary } from './scan.entity';
import { toScanView, type ScanResultView } from './scan-view';

/**
 * POST /scans: run the scanner core on the upload, then store the scan and the life of its
 * findings in one transaction. Scans of one project are serialised by an advisory lock, so
 * concurrent uploads never race on a finding (and the unique constraint would stop them anyway).
 */
@Injectable()
export class ScanIngestionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: ScanRunner,
    private readonly findings: FindingIngestionRepository,
    private readonly waiverExpiry: WaiverExpiry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `replayed` is true when the same upload (idempotency key or commit) was stored before. */
  async ingest(
    upload: CreateScanDto,
    idempotencyKey?: string,
  ): Promise<{ scan: ScanResultView; replayed: boolean }> {
    if (upload.manifests.length > this.config.maxManifestsPerScan) {
      throw new PayloadTooLargeException(
        `a scan takes at most ${this.config.maxManifestsPerScan} files (VIGIL_MAX_MANIFESTS_PER_SCAN); this one has ${upload.manifests.length}`,
      );
    }
    // Input errors throw here, before any transaction: nothing is stored.
    const report = await this.runner.run(upload.manifests);
    await this.waiverExpiry.reopenExpired();
    return this.dataSource.transaction(async (manager) => {
      const projectId = await this.projectId(manager, upload.project);
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [projectId]);
      const previous = await this.previousScan(manager, projectId, idempotencyKey, upload.commit);
      if (previous) return { scan: await toScanView(manager, previous, upload.project), replayed: true };
      const scanId = await this.store(manager, projectId, upload, idempotencyKey, report);
      return { scan: await toScanView(manager, scanId, upload.project), replayed: false };
    });
  }

  private async store(
    manager: EntityManager,
    projectId: string,
    upload: CreateScanDto,
    idempotencyKey: string | undefined,
    report: ScanReport,
  ): Promise<string> {
    const failOn = upload.failOn ?? 'high';
    const complete = upload.complete ?? true;
    const [{ id: scanId }] = await manager.query(
      `INSERT INTO scans (project_id, ref, commit_sha, idempotency_key, complete, fail_on, verdict, summary, rules_version, reference_data)
       VALUES ($1, $2, $3, $4, $5, $6, 'pass', '{}', $7, $8) RETURNING id`,
      [
        projectId,
        upload.ref ?? null,
        upload.commit ?? null,
        idempotencyKey ?? null,
        complete,
        failOn,
        this.runner.rulesVersion,
        report.referenceData,
      ],
    );
    await this.storeFiles(manager, scanId, upload, report);

    const unique = dedupe(report.findings);
    const before = await this.findings.existing(
      manager,
      projectId,
      unique.map((f) => f.fingerprint),
    );
    const ids = await this.findings.upsert(manager, projectId, scanId, unique);
    const statusAfter = new Map<string, FindingStatus>();
    const events: { findingId: string; type: string; fromStatus: string | null; toStatus: string }[] = [];
    let created = 0;
    let reopened = 0;
    for (const finding of unique) {
      const id = ids.get(finding.fingerprint)!;
      const old = before.get(finding.fingerprint);
      if (!old) {
        created++;
        statusAfter.set(finding.fingerprint, 'open');
        events.push({ findingId: id, type: 'detected', fromStatus: null, toStatus: 'open' });
      } else if (old.status === 'fixed') {
        reopened++;
        statusAfter.set(finding.fingerprint, 'reopened');
        events.push({ findingId: id, type: 'reopened', fromStatus: 'fixed', toStatus: 'reopened' });
      } else statusAfter.set(finding.fingerprint, old.status);
    }
    await this.findings.linkToScan(manager, scanId, [...ids.values()]);
    await this.findings.addEvents(manager, scanId, events);
    const fixed = complete ? await this.findings.fixAbsent(manager, projectId, scanId) : [];

    const bySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0]));
    for (const finding of unique) bySeverity[finding.severity]++;
    const summary: ScanSummary = {
      bySeverity,
      new: created,
      existing: unique.length - created - reopened,
      fixed: fixed.length,
      reopened,
    };
    // Waived findings (false positive, accepted risk) and inline suppressions do not fail a build.
    const failing = unique.some(
      (finding) =>
        ACTIVE_STATUSES.includes(statusAfter.get(finding.fingerprint)!) && failsAt(finding, failOn),
    );
    await manager.query('UPDATE scans SET summary = $2, verdict = $3 WHERE id = $1', [
      scanId,
      summary,
      failing ? 'fail' : 'pass',
    ]);
    return scanId;
  }

  /** The manifests as read, every secret the scan found masked, for remediation excerpts. */
  private async storeFiles(
    manager: EntityManager,
    scanId: string,
    upload: CreateScanDto,
    report: ScanReport,
  ): Promise<void> {
    const masked = new Map(report.maskedFiles.map(({ file, content }) => [file, content]));
    const files = upload.manifests.filter((manifest) => report.files.includes(manifest.path));
    if (files.length === 0) return;
    await manager.query(
      'INSERT INTO scan_files (scan_id, path, content) SELECT $1, path, content FROM unnest($2::text[], $3::text[]) AS u(path, content)',
      [scanId, files.map((file) => file.path), files.map((file) => masked.get(file.path) ?? file.content)],
    );
  }

  private async projectId(manager: EntityManager, name: string): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO projects (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [name],
    );
    return row.id;
  }

  private async previousScan(
    manager: EntityManager,
    projectId: string,
    key?: string,
    commit?: string,
  ): Promise<string | undefined> {
    if (!key && !commit) return undefined;
    const [row] = await manager.query(
      `SELECT id FROM scans WHERE project_id = $1 AND (idempotency_key = $2 OR commit_sha = $3) ORDER BY created_at LIMIT 1`,
      [projectId, key ?? null, commit ?? null],
    );
    return row?.id;
  }
}

/** Two findings with one fingerprint in an upload (the same manifest twice) are one finding. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Map<string, Finding>();
  for (const finding of findings) if (!seen.has(finding.fingerprint)) seen.set(finding.fingerprint, finding);
  return [...seen.values()];
}
