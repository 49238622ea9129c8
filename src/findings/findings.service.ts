import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AccessScope } from '../auth/access-scope';
import { SEVERITIES, SEVERITY_RANK } from '../core/severity';
import { ProjectsRepository } from '../projects/projects.repository';
import { WaiversRepository } from './lifecycle/waivers.repository';
import { decodeFindingCursor, encodeFindingCursor } from './finding-cursor';
import { DEFAULT_FINDING_SORT } from './finding-sort';
import type { FindingDetailView } from './finding-view';
import type { FindingFilters } from './finding-page.query';
import { FindingsRepository } from './findings.repository';
import { FindingEventsRepository } from './lifecycle/finding-events.repository';
import type { FindingCountsDto } from './dto/finding.dto';
import type { FindingCountsQuery, ListFindingsQuery } from './dto/list-findings.query';
import { FINDING_STATUSES } from './lifecycle/finding-lifecycle';

export const DEFAULT_FINDINGS_PAGE = 50;
const EMPTY_PAGE = '{"items":[],"nextCursor":null}';

/** Reading findings: GET /findings (filtered, sorted, keyset pages), their counts, and GET /findings/:id. */
@Injectable()
export class FindingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly findings: FindingsRepository,
    private readonly projects: ProjectsRepository,
    private readonly events: FindingEventsRepository,
    private readonly waivers: WaiversRepository,
  ) {}

  /** The page as the JSON text of `{ items, nextCursor }`: the items arrive from PostgreSQL as JSON. */
  async list(query: ListFindingsQuery, scope: AccessScope): Promise<string> {
    const sort = query.sort ?? DEFAULT_FINDING_SORT;
    const limit = query.limit ?? DEFAULT_FINDINGS_PAGE;
    // A bad cursor is a 400 whether or not the project exists.
    const after = query.cursor !== undefined ? decodeFindingCursor(query.cursor, sort) : undefined;
    const filters = await this.filters(query, scope);
    if (!filters) return EMPTY_PAGE;
    const { itemsJson, last } = await this.findings.pageJson(filters, sort, after, limit);
    const nextCursor = last ? encodeFindingCursor(sort, last) : null;
    return `{"items":${itemsJson},"nextCursor":${JSON.stringify(nextCursor)}}`;
  }

  /** GET /findings/counts: how many findings the same filters match, by severity and by status. */
  async counts(query: FindingCountsQuery, scope: AccessScope): Promise<FindingCountsDto> {
    const counts: FindingCountsDto = {
      total: 0,
      bySeverity: Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])),
      byStatus: Object.fromEntries(FINDING_STATUSES.map((status) => [status, 0])),
    };
    const filters = await this.filters(query, scope);
    if (!filters) return counts;
    for (const row of await this.findings.counts(filters)) {
      const severity = SEVERITIES.find((name) => SEVERITY_RANK[name] === Number(row.rank))!;
      counts.total += row.count;
      counts.bySeverity[severity] += row.count;
      counts.byStatus[row.status] += row.count;
    }
    return counts;
  }

  /**
   * The query's filters within the key's reach; undefined when nothing can match. A project
   * outside the key's reach reads as one without findings, as an unknown one does.
   */
  private async filters(query: FindingCountsQuery, scope: AccessScope): Promise<FindingFilters | undefined> {
    const filters: FindingFilters = {
      statuses: query.status,
      severityRanks: query.severity?.map((severity) => SEVERITY_RANK[severity]),
      modules: query.module,
      rules: query.rule,
      resourceId: query.resource,
      assignee: query.assignee,
      text: query.q,
    };
    if (query.project !== undefined) {
      if (!scope.includesProject(query.project)) return undefined;
      filters.projectId = await this.projects.idByName(query.project);
      if (filters.projectId === undefined) return undefined;
    } else if (scope.projects !== null) {
      filters.scopeProjectIds = await this.projects.idsByNames(scope.projects);
      if (filters.scopeProjectIds.length === 0) return undefined;
    }
    return filters;
  }

  /**
   * GET /findings/:id; also the answer to a PATCH, read inside its transaction. A finding outside
   * the key's projects is a 404 like one that does not exist: ids do not tell what is there.
   */
  async get(
    id: string,
    scope: AccessScope,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<FindingDetailView> {
    const finding = await this.findings.detail(id, manager);
    if (!finding || !scope.includesProject(finding.project)) throw new NotFoundException(`no finding ${id}`);
    return {
      ...finding,
      waiver: await this.waivers.inForce(manager, id),
      history: await this.events.history(manager, id),
    };
  }
}
