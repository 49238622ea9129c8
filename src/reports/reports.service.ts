import { randomUUID } from 'node:crypto';
import {
  ForbiddenException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { CursorCodec } from '../common/pagination/cursor-codec';
import { keysetPage, pageRows } from '../common/pagination/keyset-page';
import type { Page } from '../common/pagination/page.dto';
import { allowLongStatements } from '../common/statement-timeout';
import type { ReportInputs } from '../compliance-report/build-report';
import { policyBundleSha256 } from '../compliance-report/policy-bundle';
import { REPORT_MEDIA } from '../compliance-report/render-report';
import type { RequestContext } from '../audit/request-context';
import type { AccessScope } from '../auth/access-scope';
import type { FrameworkKey } from '../compliance-report/report-model';
import { verifyReport } from '../report-signing/verify-report';
import { ProjectsRepository } from '../projects/projects.repository';
import { VIGIL_VERSION } from '../scanner/version';
import { ScanRunner } from '../scans/scan-runner';
import { ServiceWorkerPool } from '../scans/service-worker-pool';
import type { CreateReportDto } from './dto/create-report.dto';
import type { ReportDto } from './dto/report.dto';
import type { ReportVerificationDto } from './dto/verify-report.dto';
import { ReportSigningKey } from './report-signing-key';
import { ReportSourcesRepository } from './report-sources.repository';
import { ReportsRepository, type ReportRow } from './reports.repository';

export const DEFAULT_REPORTS_PAGE = 50;
/** Reading 10,000 findings with their history, and the manifests, takes longer than a request's statement timeout. */
const READ_STATEMENT_TIMEOUT_MS = 5 * 60 * 1000;
const REPORT_CURSOR = new CursorCodec([{ kind: 'timestamp' }, { kind: 'uuid' }] as const);

/**
 * Compliance reports: read the project's state in one snapshot, build, render and sign it in
 * the worker pool (a large PDF takes seconds of CPU), store it as generated.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reports: ReportsRepository,
    private readonly sources: ReportSourcesRepository,
    private readonly projects: ProjectsRepository,
    private readonly runner: ScanRunner,
    private readonly workers: ServiceWorkerPool,
    private readonly clock: Clock,
    private readonly signingKey: ReportSigningKey,
  ) {}

  /** The report names its maker by the key's name, as history and audit entries do. */
  async create(request: CreateReportDto, context: RequestContext, scope: AccessScope): Promise<ReportDto> {
    const actor = context.principal.name;
    // The caller named the project: refusing it reveals nothing (as for scans).
    if (!scope.includesProject(request.project))
      throw new ForbiddenException(`this key may not report on project ${request.project}`);
    const projectId = await this.projects.idByName(request.project);
    if (!projectId)
      throw new NotFoundException(`no project ${request.project}: a project exists once it has been scanned`);
    const now = this.clock.now();
    const period = periodOf(request, now);
    const id = randomUUID();
    const { findingsJson, ...inputs } = await this.read(id, projectId, request, period, now, actor);
    const signing = await this.signingKey.get();
    const rendered = await this.workers.pool.runReport({ inputs, findingsJson, format: request.format, signing });
    await this.dataSource.transaction((manager) =>
      this.reports.insert(manager, {
        id,
        projectId,
        framework: request.framework,
        format: request.format,
        periodFrom: period.from,
        periodTo: period.to,
        generatedAt: now,
        generatedBy: actor,
        mediaType: REPORT_MEDIA[request.format].mediaType,
        content: rendered.content,
        sha256: rendered.sha256,
        signature: rendered.signature,
        summary: rendered.summary,
      }),
    );
    return toReportDto((await this.reports.get(id))!);
  }

  async list(
    query: {
      project?: string;
      framework?: FrameworkKey;
      limit?: number;
      cursor?: string;
    },
    scope: AccessScope,
  ): Promise<Page<ReportDto>> {
    const limit = query.limit ?? DEFAULT_REPORTS_PAGE;
    const after = query.cursor !== undefined ? REPORT_CURSOR.decode(query.cursor) : undefined;
    const rows = await this.reports.list({
      projects: scope.projectsToList(query.project),
      framework: query.framework,
      after: after && { generatedAt: after[0], id: after[1] },
      rows: pageRows(limit),
    });
    const { page, nextCursor } = keysetPage(rows, limit, (last) =>
      REPORT_CURSOR.encode([last.generatedAtMicros, last.id]),
    );
    return { items: page.map(toReportDto), nextCursor };
  }

  async download(id: string, scope: AccessScope): Promise<{ report: ReportRow; content: Buffer }> {
    const report = await this.found(id, scope);
    return { report, content: (await this.reports.content(id))! };
  }

  async signature(id: string, scope: AccessScope): Promise<{ report: ReportRow; signature: Buffer }> {
    const report = await this.found(id, scope);
    return { report, signature: (await this.reports.signature(id))! };
  }

  async certificatePem(): Promise<string> {
    return (await this.signingKey.get()).certificatePem;
  }

  /** Checks a report and signature against this service's certificate, as `vigil report verify` does offline. */
  async verify(report: Buffer, signature: Buffer): Promise<ReportVerificationDto> {
    const result = verifyReport(report, signature, await this.certificatePem());
    return { ...result, storedReportId: (await this.reports.idBySha256(result.sha256)) ?? null };
  }

  /** Another project's report reads as one that does not exist. */
  private async found(id: string, scope: AccessScope): Promise<ReportRow> {
    const report = await this.reports.get(id);
    if (!report || !scope.includesProject(report.project)) throw new NotFoundException(`no report ${id}`);
    return report;
  }

  /** Everything the report shows, read in one consistent snapshot. */
  private read(
    id: string,
    projectId: string,
    request: CreateReportDto,
    period: { from: Date | null; to: Date; asked: boolean },
    now: Date,
    actor: string,
  ): Promise<Omit<ReportInputs, 'findings'> & { findingsJson: string }> {
    const read = { from: period.from, to: period.asked ? period.to : null };
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await allowLongStatements(manager, READ_STATEMENT_TIMEOUT_MS);
      const scans = await this.sources.scans(manager, projectId, read);
      const latest = scans[0];
      return {
        id,
        project: request.project,
        framework: request.framework,
        period: { from: period.from?.toISOString() ?? null, to: period.to.toISOString() },
        generatedAt: now.toISOString(),
        generatedBy: actor,
        vigilVersion: VIGIL_VERSION,
        rules: this.runner.rules,
        policyBundleSha256: policyBundleSha256(),
        referenceData: latest?.referenceData ?? null,
        scans: scans.map(({ referenceData: _applied, ...scan }) => scan),
        findingsJson: await this.sources.findingsJson(manager, projectId, read),
        waivers: await this.sources.waiversInForce(manager, projectId),
        manifests: latest ? await this.sources.manifests(manager, latest.id) : [],
        previous: await this.sources.previousReport(manager, projectId, request.framework),
      };
    });
  }
}

/** `asked`: the caller gave an end; otherwise the period runs up to the report's making. */
function periodOf(request: CreateReportDto, now: Date): { from: Date | null; to: Date; asked: boolean } {
  const from = request.period?.from ? new Date(request.period.from) : null;
  const askedTo = request.period?.to ? new Date(request.period.to) : now;
  // A report states what is known when it is made: a period cannot end in the future.
  const to = askedTo > now ? now : askedTo;
  if (from && from > to)
    throw new UnprocessableEntityException(
      `period.from (${from.toISOString()}) is after period.to (${to.toISOString()})`,
    );
  return { from, to, asked: request.period?.to !== undefined };
}

export function toReportDto(row: ReportRow): ReportDto {
  const base = `/api/v1/reports/${row.id}`;
  return {
    id: row.id,
    project: row.project,
    framework: row.framework,
    format: row.format,
    period: { from: row.periodFrom, to: row.periodTo },
    generatedAt: row.generatedAt,
    generatedBy: row.generatedBy,
    mediaType: row.mediaType,
    sha256: row.sha256,
    size: row.size,
    links: {
      download: `${base}/download`,
      signature: `${base}/signature`,
      certificate: '/api/v1/reports/signing-certificate',
    },
  };
}
