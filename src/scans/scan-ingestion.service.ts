import { ForbiddenException, Inject, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import type { RequestContext } from '../audit/request-context';
import { AccessScope } from '../auth/access-scope';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { InputError } from '../core/input-error';
import type { ScanReport } from '../core/scan-report';
import { onReported } from '../findings/lifecycle/finding-lifecycle';
import { FindingLifecycleService, type Transition } from '../findings/lifecycle/finding-lifecycle.service';
import { FindingEventsRepository } from '../findings/lifecycle/finding-events.repository';
import { WaiversRepository } from '../findings/lifecycle/waivers.repository';
import { allowLongStatements } from '../common/statement-timeout';
import { ProjectsRepository } from '../projects/projects.repository';
import { WaiverExpiry } from '../waivers/waiver-expiry';
import type { CreateScanDto } from './dto/create-scan.dto';
import type { ScanResultDto } from './dto/scan.dto';
import { FindingIngestionRepository } from './finding-ingestion.repository';
import { planScanEffect, scanWarnings, type ScanEffect } from './scan-effect';
import { ScanRunner } from './scan-runner';
import { ScansRepository } from './scans.repository';
import { ScansService } from './scans.service';

/** How long one statement of a scan's ingestion may take. */
const INGESTION_STATEMENT_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * POST /scans: run the scanner core on the upload, then store the scan and its effect on the
 * project's findings in one transaction. Scans of one project are serialised by an advisory
 * lock, so concurrent uploads never race on a finding (and the unique constraint would stop
 * them anyway).
 */
@Injectable()
export class ScanIngestionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: ScanRunner,
    private readonly projects: ProjectsRepository,
    private readonly scans: ScansRepository,
    private readonly reader: ScansService,
    private readonly findings: FindingIngestionRepository,
    private readonly lifecycle: FindingLifecycleService,
    private readonly events: FindingEventsRepository,
    private readonly waivers: WaiversRepository,
    private readonly audit: AuditLog,
    private readonly waiverExpiry: WaiverExpiry,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `replayed` is true when the same upload (idempotency key or commit) was stored before. */
  async ingest(
    upload: CreateScanDto,
    context: RequestContext,
    scope: AccessScope,
    idempotencyKey?: string,
  ): Promise<{ scan: ScanResultDto; replayed: boolean }> {
    // The project is named by the caller, so naming one beyond the key's reach reveals nothing: 403.
    if (!scope.includesProject(upload.project))
      throw new ForbiddenException(`this key may not submit scans to project ${upload.project}`);
    // Input errors throw here, before any transaction: nothing is stored.
    refuseRepeatedPaths(upload);
    const report = await this.runner.run(upload.manifests, this.clock.now());
    refuseUploadWithoutManifests(upload, report);
    if (report.findings.length > this.config.maxFindingsPerScan) {
      throw new PayloadTooLargeException(
        `this scan reports ${report.findings.length} findings, more than the ${this.config.maxFindingsPerScan} a scan may store (VIGIL_MAX_FINDINGS_PER_SCAN); nothing was stored`,
      );
    }
    await this.waiverExpiry.reopenExpired();
    return this.dataSource.transaction(async (manager) => {
      // Storing 200,000 findings, or waiting for another scan of the project, takes longer than
      // a request's statement timeout allows.
      await allowLongStatements(manager, INGESTION_STATEMENT_TIMEOUT_MS);
      const projectId = await this.projects.ensure(manager, upload.project);
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [projectId]);
      const previous = await this.scans.previous(manager, projectId, idempotencyKey, upload.commit);
      // The first scan of this upload is the answer, whichever key of the project sent it.
      if (previous)
        return { scan: await this.reader.get(previous, AccessScope.EVERYTHING, manager), replayed: true };
      const scanId = await this.store(manager, projectId, upload, idempotencyKey, context.principal.keyId, report);
      const scan = await this.reader.get(scanId, AccessScope.EVERYTHING, manager);
      // Last: the audit append locks the chain head until the transaction ends.
      await this.audit.append(
        manager,
        {
          action: 'scan.created',
          target: { type: 'scan', id: scanId },
          after: {
            project: upload.project,
            ref: upload.ref ?? null,
            commit: upload.commit ?? null,
            complete: upload.complete ?? true,
            failOn: scan.failOn,
            files: report.files.length,
            summary: scan.summary,
            verdict: scan.verdict,
            warnings: scan.warnings,
          },
        },
        context,
      );
      return { scan, replayed: false };
    });
  }

  private async store(
    manager: EntityManager,
    projectId: string,
    upload: CreateScanDto,
    idempotencyKey: string | undefined,
    submittedBy: string | null,
    report: ScanReport,
  ): Promise<string> {
    const complete = upload.complete ?? true;
    const failOn = upload.failOn ?? 'high';
    const scanId = await this.scans.insert(manager, {
      projectId,
      ref: upload.ref,
      commit: upload.commit,
      idempotencyKey,
      submittedBy,
      complete,
      failOn,
      rulesVersion: this.runner.rulesVersion,
      referenceData: report.referenceData,
    });
    await this.scans.storeFiles(manager, scanId, storedFiles(upload, report));
    const fingerprints = [...new Set(report.findings.map((finding) => finding.fingerprint))];
    const stored = await this.findings.storedState(manager, projectId, fingerprints, complete);
    const effect = planScanEffect({
      reported: report.findings,
      stored,
      files: new Set(report.files),
      complete,
      failOn,
      waivers: await this.waivers.boundInProject(manager, projectId),
      inlineSuppressions: await this.projects.inlineSuppressions(manager, projectId),
    });
    const ids = await this.findings.upsert(
      manager,
      projectId,
      scanId,
      effect.reported,
      onReported(undefined)!.to,
    );
    await this.findings.linkToScan(manager, scanId, [...ids.values()]);
    await this.lifecycle.apply(manager, transitionsOf(effect, ids), { actor: 'scan', scanId });
    await this.waivers.lapseRequests(
      manager,
      effect.lapsedRequests.map((request) => request.waiverId),
    );
    await this.events.append(
      manager,
      effect.lapsedRequests.map((request) => ({
        findingId: request.findingId,
        type: 'waiver_lapsed',
        actor: 'scan',
        scanId,
        fromStatus: null,
        toStatus: null,
        note: `the evidence changed before waiver request ${request.waiverId} was decided: the request lapsed`,
      })),
    );
    await this.scans.setResult(manager, scanId, {
      summary: effect.summary,
      verdict: effect.verdict,
      warnings: scanWarnings(effect, this.config.massFixWarningShare),
    });
    return scanId;
  }
}

/** The files the scan read, as they are kept: the scanner says which need their secrets masked. */
function storedFiles(upload: CreateScanDto, report: ScanReport): { path: string; content: string }[] {
  const scanned = new Set(report.files);
  const masked = new Map(report.maskedFiles.map((file) => [file.file, file.content]));
  return upload.manifests
    .filter((manifest) => scanned.has(manifest.path))
    .map((manifest) => ({ path: manifest.path, content: masked.get(manifest.path) ?? manifest.content }));
}

/** The planned moves with the ids the findings now have. */
function transitionsOf(effect: ScanEffect, ids: Map<string, string>): Transition[] {
  return effect.transitions.map((move) => ({
    findingId: move.findingId ?? ids.get(move.fingerprint)!,
    cause: move.cause,
    from: move.from,
    to: move.to,
    note: move.note,
  }));
}

/** Two files under one path: which one a finding's line refers to could not be told. */
function refuseRepeatedPaths(upload: CreateScanDto): void {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const manifest of upload.manifests) (seen.has(manifest.path) ? repeated : seen).add(manifest.path);
  if (repeated.size > 0) {
    throw new InputError(
      [...repeated].map((file) => ({
        file,
        line: 0,
        column: 0,
        message: 'the upload holds two files under this path; send each file once',
      })),
    );
  }
}

/**
 * An upload with no Vigil manifest in it (a job pointed at the wrong folder) is refused: as a
 * complete scan it would fix every finding of the project and pass the build.
 */
function refuseUploadWithoutManifests(upload: CreateScanDto, report: ScanReport): void {
  if (report.manifests.length > 0) return;
  const skipped = new Map(report.warnings.map((warning) => [warning.file, warning.message]));
  throw new InputError(
    upload.manifests.map((file) => ({
      file: file.path,
      line: 0,
      column: 0,
      message: `not a Vigil manifest${skipped.has(file.path) ? ` (${skipped.get(file.path)})` : ''}: the upload holds no Vigil manifest, so nothing was scanned or stored`,
    })),
  );
}
