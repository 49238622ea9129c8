import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AccessScope } from '../auth/access-scope';
import { SEVERITY_RANK } from '../core/severity';
import { ProjectsRepository } from '../projects/projects.repository';
import { WaiversRepository } from './lifecycle/waivers.repository';
import { decodeFindingCursor, encodeFindingCursor } from './finding-cursor';
import { DEFAULT_FINDING_SORT } from './finding-sort';
import type { FindingDetailView } from './finding-view';
import type { FindingFilters } from './finding-page.query';
import { FindingsRepository } from './findings.repository';
import { FindingEventsRepository } from './lifecycle/finding-events.repository';
import type { ListFindingsQuery } from './dto/list-findings.query';

export const DEFAULT_FINDINGS_PAGE = 50;
const EMPTY_PAGE = '{"items":[],"nextCursor":null}';

/** Reading findings: GET /findings (filtered, sorted, keyset pages) and GET /findings/:id. */
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
    const filters: FindingFilters = {
      statuses: query.status,
      severityRanks: query.severity?.map((severity) => SEVERITY_RANK[severity]),
      modules: query.module,
      rules: query.rule,
      resourceId: query.resource,
      assignee: query.assignee,
      text: query.q,
    };
    // A project outside the key's reach reads as one without findings, as an unknown one does.
    if (query.project !== undefined) {
      if (!scope.includesProject(query.project)) return EMPTY_PAGE;
      filters.projectId = await this.projects.idByName(query.project);
      if (filters.projectId === undefined) return EMPTY_PAGE;
    } else if (scope.projects !== null) {
      filters.scopeProjectIds = await this.projects.idsByNames(scope.projects);
      if (filters.scopeProjectIds.length === 0) return EMPTY_PAGE;
    }
    const { itemsJson, last } = await this.findings.pageJson(filters, sort, after, limit);
    const nextCursor = last ? encodeFindingCursor(sort, last) : null;
    return `{"items":${itemsJson},"nextCursor":${JSON.stringify(nextCursor)}}`;
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
