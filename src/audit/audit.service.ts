import { ForbiddenException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { CursorCodec } from '../common/pagination/cursor-codec';
import { keysetPage, pageRows } from '../common/pagination/keyset-page';
import type { Page } from '../common/pagination/page.dto';
import { AuditChainCheck, type ChainBreak } from './audit-chain';
import { AuditRepository, type StoredAuditEntry } from './audit.repository';

export const DEFAULT_AUDIT_PAGE = 100;
/** Entries read per round trip while verifying: bounded memory whatever the log's length. */
const VERIFY_BATCH = 2000;

/** GET /audit pages on seq, newest first. */
const AUDIT_CURSOR = new CursorCodec([{ kind: 'integer', min: 1, max: Number.MAX_SAFE_INTEGER }] as const);

export interface ChainVerdict {
  valid: boolean;
  entries: number;
  firstBrokenEntry?: ChainBreak;
}

/** Reading and verifying the audit log (admins and auditors). */
@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditRepository,
  ) {}

  async list(
    principal: Principal,
    query: { limit?: number; cursor?: string; targetType?: string; targetId?: string },
  ): Promise<Page<StoredAuditEntry>> {
    mayReadAudit(principal);
    const limit = query.limit ?? DEFAULT_AUDIT_PAGE;
    const after = query.cursor !== undefined ? AUDIT_CURSOR.decode(query.cursor) : undefined;
    const rows = await this.audit.newestFirst(this.dataSource.manager, {
      before: after?.[0],
      target: { type: query.targetType, id: query.targetId },
      rows: pageRows(limit),
    });
    const { page, nextCursor } = keysetPage(rows, limit, (last) => AUDIT_CURSOR.encode([last.seq]));
    return { items: page, nextCursor };
  }

  /** Recomputes the whole chain from one snapshot of the log. */
  async verify(principal: Principal): Promise<ChainVerdict> {
    mayReadAudit(principal);
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const entries = await this.audit.count(manager);
      const chain = new AuditChainCheck();
      let after = 0;
      for (;;) {
        const batch = await this.audit.oldestFirst(manager, after, VERIFY_BATCH);
        const broken = chain.check(batch);
        if (broken) return { valid: false, entries, firstBrokenEntry: broken };
        if (batch.length < VERIFY_BATCH) break;
        after = batch[batch.length - 1].seq;
      }
      const broken = chain.checkHead(await this.audit.head(manager));
      return broken ? { valid: false, entries, firstBrokenEntry: broken } : { valid: true, entries };
    });
  }
}

function mayReadAudit(principal: Principal): void {
  if (principal.role !== 'admin' && principal.role !== 'auditor')
    throw new ForbiddenException('the audit log is for admins and auditors');
}
