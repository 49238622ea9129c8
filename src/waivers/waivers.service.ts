import type { AccessScope } from '../auth/access-scope';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CursorCodec } from '../common/pagination/cursor-codec';
import { keysetPage, pageRows } from '../common/pagination/keyset-page';
import type { Page } from '../common/pagination/page.dto';
import {
  WaiversRepository,
  type WaiverState,
  type WaiverView,
} from '../findings/lifecycle/waivers.repository';

export const DEFAULT_WAIVERS_PAGE = 50;

/** GET /waivers pages on (requested_at, id), newest first. */
const WAIVER_CURSOR = new CursorCodec([{ kind: 'timestamp' }, { kind: 'uuid' }] as const);

/** Reading waivers: GET /waivers?state=. */
@Injectable()
export class WaiversService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly waivers: WaiversRepository,
  ) {}

  async list(
    query: { state?: WaiverState; limit?: number; cursor?: string },
    scope: AccessScope,
  ): Promise<Page<WaiverView>> {
    const limit = query.limit ?? DEFAULT_WAIVERS_PAGE;
    const after = query.cursor !== undefined ? WAIVER_CURSOR.decode(query.cursor) : undefined;
    const rows = await this.waivers.list(this.dataSource.manager, {
      state: query.state,
      projects: scope.projects,
      after: after && { requestedAt: after[0], id: after[1] },
      rows: pageRows(limit),
    });
    const { page, nextCursor } = keysetPage(rows, limit, (last) =>
      WAIVER_CURSOR.encode([last.requestedAtMicros, last.id]),
    );
    return { items: page.map(({ requestedAtMicros: _cursor, ...waiver }) => waiver), nextCursor };
  }
}
