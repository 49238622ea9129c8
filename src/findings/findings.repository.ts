import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import type { AccessScope } from '../auth/access-scope';
import { keysetPage } from '../common/pagination/keyset-page';
import { pgPool } from '../common/pg-pool';
import type { FindingPosition } from './finding-cursor';
import { findingCountsQuery, findingPageQuery, type FindingFilters } from './finding-page.query';
import { FINDING_DETAIL, FINDING_FROM, FINDING_ITEM, type TextRow } from './finding-projection';
import type { FindingSort } from './finding-sort';
import type { FindingDetailJson, FindingView } from './finding-view';
import { FindingRecord } from './finding.entity';
import type { FindingStatus } from './lifecycle/finding-lifecycle';

/** A finding as a status or assignment change needs it, read under a row lock. */
export interface LockedFinding {
  id: string;
  status: FindingStatus;
  assignee: string | null;
  evidenceHash: string | null;
}

/** List query shapes (filters × sort × cursor) run as named prepared statements. */
const MAX_PREPARED = 500;
/** Every column as the text PostgreSQL sends. */
const TEXT_TYPES = { getTypeParser: () => (value: string) => value };

/** The data access behind /findings: the projection's reads, and the row locks of a triage change. */
@Injectable()
export class FindingsRepository {
  private readonly pool;

  constructor(private readonly dataSource: DataSource) {
    this.pool = pgPool(dataSource);
  }

  /** Prepared statement names by SQL text. */
  private readonly statementNames = new Map<string, string>();

  /**
   * One page of GET /findings as the JSON array of its list items, and where it ends when
   * another page follows.
   */
  async pageJson(
    filters: FindingFilters,
    sort: FindingSort,
    after: FindingPosition | undefined,
    limit: number,
  ): Promise<{ itemsJson: string; last: FindingPosition | undefined }> {
    const query = findingPageQuery(filters, sort, after, limit);
    const rows = await this.textRows(query.sql, query.params);
    const { page, nextCursor } = keysetPage(rows, limit, query.position);
    return { itemsJson: `[${page.map(FINDING_ITEM.write).join(',')}]`, last: nextCursor ?? undefined };
  }

  /** How many findings match, per severity rank and status (only the pairs that occur). */
  async counts(filters: FindingFilters): Promise<{ rank: number; status: FindingStatus; count: number }[]> {
    const query = findingCountsQuery(filters);
    return this.dataSource.query(query.sql, query.params);
  }

  /** List items for the given ids, in the order given (unknown ids are left out). */
  async views(manager: EntityManager, ids: string[]): Promise<FindingView[]> {
    const rows = await this.textRows(
      `SELECT ${FINDING_ITEM.select}, f.id FROM ${FINDING_FROM} WHERE f.id = ANY($1::uuid[])`,
      [ids],
      manager,
    );
    const byId = new Map(rows.map((row) => [row[FINDING_ITEM.columns]!, FINDING_ITEM.write(row)]));
    return ids.flatMap((id) => {
      const json = byId.get(id);
      return json === undefined ? [] : [JSON.parse(json) as FindingView];
    });
  }

  /** The item and the detail's fields of one finding (GET /findings/:id adds history and waiver). */
  async detail(id: string, manager?: EntityManager): Promise<FindingDetailJson | undefined> {
    const [row] = await this.textRows(
      `SELECT ${FINDING_DETAIL.select} FROM ${FINDING_FROM} WHERE f.id = $1`,
      [id],
      manager,
    );
    return row ? (JSON.parse(FINDING_DETAIL.write(row)) as FindingDetailJson) : undefined;
  }

  /** The full record and its project's name, for remediation. */
  async record(id: string): Promise<{ finding: FindingRecord; project: string } | undefined> {
    const finding = await this.dataSource.getRepository(FindingRecord).findOneBy({ id });
    if (!finding) return undefined;
    const [{ name }]: { name: string }[] = await this.dataSource.query(
      'SELECT name FROM projects WHERE id = $1',
      [finding.projectId],
    );
    return { finding, project: name };
  }

  /** The manifest text a scan read for a file (secrets masked), if it kept it. */
  async scannedFile(scanId: string, file: string): Promise<string | undefined> {
    const [row] = await this.dataSource.query(
      'SELECT content FROM scan_files WHERE scan_id = $1 AND path = $2',
      [scanId, file],
    );
    return row?.content;
  }

  /** Every file a scan kept, in path order (an imported estate is read again from all of them). */
  async scannedFiles(scanId: string): Promise<{ path: string; content: string }[]> {
    return this.dataSource.query('SELECT path, content FROM scan_files WHERE scan_id = $1 ORDER BY path', [
      scanId,
    ]);
  }

  /**
   * Locks the findings for the rest of the transaction (in id order, so two bulk changes over
   * the same findings cannot deadlock) and returns their current state.
   */
  async lockForChange(manager: EntityManager, ids: string[], scope: AccessScope): Promise<LockedFinding[]> {
    // Outside the key's projects a finding is not found, as if it did not exist.
    const inScope = scope.projects === null ? '' : 'AND p.name = ANY($2::text[])';
    return manager.query(
      `SELECT f.id, f.status, f.assignee, f.evidence_hash AS "evidenceHash"
       FROM findings f JOIN projects p ON p.id = f.project_id
       WHERE f.id = ANY($1::uuid[]) ${inScope} ORDER BY f.id FOR UPDATE OF f`,
      scope.projects === null ? [ids] : [ids, scope.projects],
    );
  }

  async setAssignee(manager: EntityManager, ids: string[], assignee: string | null): Promise<void> {
    await manager.query('UPDATE findings SET assignee = $2, updated_at = now() WHERE id = ANY($1::uuid[])', [
      ids,
      assignee,
    ]);
  }

  /**
   * Rows as arrays of PostgreSQL's text, through a named prepared statement: a read then skips
   * both planning in PostgreSQL and type parsing in Node. Inside a transaction the
   * transaction's connection reads; otherwise one from the pool. Past the first MAX_PREPARED
   * query shapes, statements go unnamed so connections do not collect them.
   */
  private async textRows(sql: string, values: unknown[], manager?: EntityManager): Promise<TextRow[]> {
    let name = this.statementNames.get(sql);
    if (name === undefined && this.statementNames.size < MAX_PREPARED) {
      name = `vigil_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
      this.statementNames.set(sql, name);
    }
    const query = { name, text: sql, values, rowMode: 'array' as const, types: TEXT_TYPES };
    // TypeORM's query() takes neither a statement name nor a row mode; the pg pool under it
    // and a transaction's connection both do.
    const inTransaction = manager?.queryRunner;
    if (!inTransaction) return (await this.pool.query<TextRow>(query)).rows;
    const client = (await inTransaction.connect()) as PoolClient;
    return (await client.query<TextRow>(query)).rows;
  }
}
