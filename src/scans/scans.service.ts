import { Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AccessScope } from '../auth/access-scope';
import { CursorCodec } from '../common/pagination/cursor-codec';
import { keysetPage, pageRows } from '../common/pagination/keyset-page';
import type { Page } from '../common/pagination/page.dto';
import { ProjectsRepository } from '../projects/projects.repository';
import type { ScanDto, ScanFindingDto, ScanResultDto } from './dto/scan.dto';
import { CHANGES_LISTED, toScanFinding, toScanListItem, toScanResult } from './scan-view';
import { ScansRepository } from './scans.repository';

export const DEFAULT_SCANS_PAGE = 50;
export const DEFAULT_SCAN_FINDINGS_PAGE = 100;

/** GET /scans pages on (created_at, id), newest first. */
const SCAN_CURSOR = new CursorCodec([{ kind: 'timestamp' }, { kind: 'uuid' }] as const);
/** GET /scans/:id/findings pages on (severity rank, id), most severe first. */
const SCAN_FINDING_CURSOR = new CursorCodec([{ kind: 'integer', min: 1, max: 4 }, { kind: 'uuid' }] as const);

/** Reading stored scans: GET /scans, /scans/:id, /scans/:id/findings. */
@Injectable()
export class ScansService {
  constructor(
    private readonly scans: ScansRepository,
    private readonly projects: ProjectsRepository,
  ) {}

  async list(
    query: { project?: string; limit?: number; cursor?: string },
    scope: AccessScope,
  ): Promise<Page<ScanDto>> {
    const limit = query.limit ?? DEFAULT_SCANS_PAGE;
    // A bad cursor is a 400 whether or not the project exists.
    const after = query.cursor !== undefined ? SCAN_CURSOR.decode(query.cursor) : undefined;
    const names = scope.projectsToList(query.project);
    const projectIds = names === null ? undefined : await this.projects.idsByNames(names);
    if (projectIds?.length === 0) return { items: [], nextCursor: null };
    const rows = await this.scans.list({
      projectIds,
      submittedBy: scope.submittedBy ?? undefined,
      after: after && { createdAt: after[0], id: after[1] },
      rows: pageRows(limit),
    });
    const { page, nextCursor } = keysetPage(rows, limit, (last) =>
      SCAN_CURSOR.encode([last.createdAtMicros, last.id]),
    );
    return { items: page.map(toScanListItem), nextCursor };
  }

  /** A scan outside the key's reach is a 404 like one that does not exist. */
  async get(id: string, scope: AccessScope, manager?: EntityManager): Promise<ScanResultDto> {
    const row = await this.scans.get(id, manager);
    if (!row || !scope.includes(row)) throw new NotFoundException(`no scan ${id}`);
    const changes = (cause: 'detected' | 'reopened' | 'fixed') =>
      this.scans.changes(id, cause, CHANGES_LISTED, manager);
    return toScanResult(row, {
      newFindings: await changes('detected'),
      reopenedFindings: await changes('reopened'),
      fixedFindings: await changes('fixed'),
    });
  }

  /** The findings a scan reported, most severe first, as they stand now. */
  async findings(
    id: string,
    query: { limit?: number; cursor?: string },
    scope: AccessScope,
  ): Promise<Page<ScanFindingDto>> {
    const limit = query.limit ?? DEFAULT_SCAN_FINDINGS_PAGE;
    const after = query.cursor !== undefined ? SCAN_FINDING_CURSOR.decode(query.cursor) : undefined;
    const scan = await this.scans.get(id);
    if (!scan || !scope.includes(scan)) throw new NotFoundException(`no scan ${id}`);
    const rows = await this.scans.reported(
      id,
      after && { severityRank: after[0], id: after[1] },
      pageRows(limit),
    );
    const { page, nextCursor } = keysetPage(rows, limit, (last) =>
      SCAN_FINDING_CURSOR.encode([Number(last.severityRank), last.id]),
    );
    return { items: page.map(toScanFinding), nextCursor };
  }
}
