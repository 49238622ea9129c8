import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { asStoredJson, entryHash, type AuditContent } from './audit-canonical';
import type { RequestContext } from './request-context';

/** One mutation to record: what was done to what, and the target before and after it. */
export interface AuditRecord {
  /** `<thing>.<verb>`, e.g. scan.created, finding.changed, waiver.approved, project.settings_changed. */
  action: string;
  target: { type: string; id: string };
  before?: unknown;
  after?: unknown;
}

const BATCH = 1000;

/**
 * The one writer of the audit log. Entries are appended in the transaction of the mutation
 * they record (`manager`), so a mutation and its entry are stored together or not at all.
 * Appending locks the chain head until that transaction ends: call it as the transaction's
 * last write, so the lock is held briefly and never taken before other row locks.
 */
@Injectable()
export class AuditLog {
  constructor(private readonly clock: Clock) {}

  async append(
    manager: EntityManager,
    records: AuditRecord | AuditRecord[],
    context: RequestContext,
  ): Promise<void> {
    const list = Array.isArray(records) ? records : [records];
    if (list.length === 0) return;
    const [head]: { seq: string; hash: string }[] = await manager.query(
      'SELECT seq, hash FROM audit_chain_head WHERE singleton FOR UPDATE',
    );
    let seq = Number(head.seq);
    let prevHash = head.hash;
    const at = this.clock.now().toISOString();
    const rows = list.map((record) => {
      const content: AuditContent = {
        seq: ++seq,
        at,
        actor: { keyId: context.principal.keyId, name: context.principal.name },
        requestId: context.requestId,
        action: record.action,
        target: record.target,
        before: asStoredJson(record.before),
        after: asStoredJson(record.after),
      };
      const row = { content, prevHash, hash: entryHash(prevHash, content) };
      prevHash = row.hash;
      return row;
    });
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      const column = <T>(pick: (row: (typeof rows)[number]) => T) => batch.map(pick);
      await manager.query(
        `INSERT INTO audit_log (seq, at, actor_key_id, actor_name, request_id, action, target_type, target_id,
           before, after, prev_hash, hash)
         SELECT seq, $2::timestamptz, $3, $4, $5, action, target_type, target_id,
           nullif(before, 'null')::jsonb, nullif(after, 'null')::jsonb, prev_hash, hash
         FROM unnest($1::bigint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
           AS u(seq, action, target_type, target_id, before, after, prev_hash, hash)`,
        [
          column((row) => row.content.seq),
          at,
          context.principal.keyId,
          context.principal.name,
          context.requestId,
          column((row) => row.content.action),
          column((row) => row.content.target.type),
          column((row) => row.content.target.id),
          column((row) => JSON.stringify(row.content.before)),
          column((row) => JSON.stringify(row.content.after)),
          column((row) => row.prevHash),
          column((row) => row.hash),
        ],
      );
    }
    await manager.query('UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE singleton', [seq, prevHash]);
  }
}
