import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditContent } from './audit-canonical';

/** An audit entry as stored: its content and the two hashes that chain it. */
export interface StoredAuditEntry extends AuditContent {
  prevHash: string;
  hash: string;
}

interface AuditRow {
  seq: string;
  at: Date;
  actor_key_id: string | null;
  actor_name: string;
  request_id: string | null;
  action: string;
  target_type: string;
  target_id: string;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
}

const COLUMNS =
  'seq, at, actor_key_id, actor_name, request_id, action, target_type, target_id, before, after, prev_hash, hash';

/** Reading the audit log: newest first for people, oldest first for verification. */
@Injectable()
export class AuditRepository {
  async newestFirst(
    manager: EntityManager,
    query: { before?: number; target?: { type?: string; id?: string }; rows: number },
  ): Promise<StoredAuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.before !== undefined) add('seq < ?', query.before);
    if (query.target?.type !== undefined) add('target_type = ?', query.target.type);
    if (query.target?.id !== undefined) add('target_id = ?', query.target.id);
    const rows: AuditRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY seq DESC LIMIT ${query.rows}`,
      params,
    );
    return rows.map(toEntry);
  }

  /** Entries after `seq`, oldest first. */
  async oldestFirst(manager: EntityManager, after: number, rows: number): Promise<StoredAuditEntry[]> {
    const found: AuditRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [after, rows],
    );
    return found.map(toEntry);
  }

  async count(manager: EntityManager): Promise<number> {
    const [row]: { n: number }[] = await manager.query('SELECT count(*)::int AS n FROM audit_log');
    return row.n;
  }

  async head(manager: EntityManager): Promise<{ seq: number; hash: string }> {
    const [row]: { seq: string; hash: string }[] = await manager.query(
      'SELECT seq, hash FROM audit_chain_head WHERE singleton',
    );
    return { seq: Number(row.seq), hash: row.hash };
  }
}

function toEntry(row: AuditRow): StoredAuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at.toISOString(),
    actor: { keyId: row.actor_key_id, name: row.actor_name },
    requestId: row.request_id,
    action: row.action,
    target: { type: row.target_type, id: row.target_id },
    before: row.before,
    after: row.after,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
