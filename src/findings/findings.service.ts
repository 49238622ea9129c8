import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
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
  async list(query: ListFindingsQuery): Promise<string> {
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
    if (query.project !== undefined) {
      filters.projectId = await this.projects.idByName(query.project);
      if (filters.projectId === undefined) return '{"items":[],"nextCursor":null}';
    }
    const { itemsJson, last } = await this.findings.pageJson(filters, sort, after, limit);
    const nextCursor = last ? encodeFindingCursor(sort, last) : null;
    return `{"items":${itemsJson},"nextCursor":${JSON.stringify(nextCursor)}}`;
  }

  /** GET /findings/:id; also the answer to a PATCH, read inside its transaction. */
  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<FindingDetailView> {
    const finding = await this.findings.detail(id, manager);
    if (!finding) throw new NotFoundException(`no finding ${id}`);
    return {
      ...finding,
      waiver: await this.waivers.inForce(manager, id),
      history: await this.events.history(manager, id),
    };
  }
}
