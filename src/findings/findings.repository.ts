import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { keysetPage } from '../common/cursor';
import type { Pool } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { LIST_ITEM_ID, listItemJson, type TextRow } from './finding-list-json';
import { findingPageQuery, type FindingFilters } from './finding-page.query';
import type { FindingPosition } from './finding-cursor';
import type { FindingEventType } from './finding-event.entity';
import type { FindingSort } from './finding-sort';
import type { FindingStatus } from './finding-status';
import {
  toFindingView,
  type FindingDetailView,
  type FindingEventView,
  type FindingSummary,
  type FindingView,
  type WaiverView,
} from './finding-view';
import { FindingRecord } from './finding.entity';

/** A finding as a status or assignment change needs it, read under a row lock. */
export interface LockedFinding {
  id: string;
  status: FindingStatus;
  assignee: string | null;
}

export interface NewFindingEvent {
  findingId: string;
  type: FindingEventType;
  fromStatus: FindingStatus | null;
  toStatus: FindingStatus | null;
  note: string | null;
}

/** The list item's columns, named as FindingSummary names them. */
const SUMMARY_COLUMNS = `f.id, f.fingerprint, f.rule_id AS "ruleId", f.module, f.title, f.severity, f.status,
  f.resource_type AS "resourceType", f.resource_id AS "resourceId", f.manifest, f.file, f.line, f."column",
  f.pointer, f.message, f.assignee, f.risk_accepted_until AS "riskAcceptedUntil",
  f.inline_suppression AS "inlineSuppression", f.first_seen_at AS "firstSeenAt", f.last_seen_at AS "lastSeenAt",
  f.first_seen_scan_id AS "firstSeenScanId", f.last_seen_scan_id AS "lastSeenScanId", p.name AS project`;

type SummaryRow = FindingSummary & { project: string };

/** List query shapes (filters × sort × cursor) run as named prepared statements. */
const MAX_PREPARED = 500;
/** Every column as the text PostgreSQL sends. */
const TEXT_TYPES = { getTypeParser: () => (value: string) => value };

/** The data access behind /findings: reads with keyset pages, and the statements of a triage change. */
@Injectable()
export class FindingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Prepared statement names by SQL text. */
  private readonly statementNames = new Map<string, string>();

  /** Names to ids of projects seen: a project's id never changes, so lists skip a round trip. */
  private readonly projectIds = new Map<string, string>();

  async projectIdByName(name: string): Promise<string | undefined> {
    const known = this.projectIds.get(name);
    if (known) return known;
    const [row] = await this.dataSource.query('SELECT id FROM projects WHERE name = $1', [name]);
    if (row && this.projectIds.size < 100_000) this.projectIds.set(name, row.id);
    return row?.id;
  }

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
    const { page, nextCursor } = keysetPage(rows, limit, (last) => ({
      key: query.cursorKey(last),
      id: last[LIST_ITEM_ID]!,
    }));
    return { itemsJson: `[${page.map(listItemJson).join(',')}]`, last: nextCursor ?? undefined };
  }

  /**
   * Rows as arrays of PostgreSQL's text, through a named prepared statement: a list request
   * then skips both planning in PostgreSQL and type parsing in Node. Past the first
   * MAX_PREPARED query shapes, statements go unnamed so connections do not collect them.
   */
  private async textRows(sql: string, params: unknown[]): Promise<TextRow[]> {
    let name = this.statementNames.get(sql);
    if (name === undefined && this.statementNames.size < MAX_PREPARED) {
      name = `vigil_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
      this.statementNames.set(sql, name);
    }
    // TypeORM's query() takes neither a statement name nor a row mode: this is its pg pool.
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    const result = await pool.query<TextRow>({
      name,
      text: sql,
      values: params,
      rowMode: 'array',
      types: TEXT_TYPES,
    });
    return result.rows;
  }

  /** List items for the given ids, in the order given (unknown ids are left out). */
  async views(manager: EntityManager, ids: string[]): Promise<FindingView[]> {
    const rows: SummaryRow[] = await manager.query(
      `SELECT ${SUMMARY_COLUMNS} FROM findings f JOIN projects p ON p.id = f.project_id WHERE f.id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, toFindingView(row, row.project)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async detail(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<FindingDetailView | undefined> {
    const [row]: (FindingRecord & { project: string })[] = await manager.query(
      `SELECT ${SUMMARY_COLUMNS}, f.evidence, f.witness_path AS "witnessPath", f."references", f.remediation, f.fix
       FROM findings f JOIN projects p ON p.id = f.project_id WHERE f.id = $1`,
      [id],
    );
    if (!row) return undefined;
    const waiver = await this.activeWaiver(manager, id);
    const history = await this.history(manager, id);
    return {
      ...toFindingView(row, row.project),
      evidence: row.evidence,
      witnessPath: row.witnessPath,
      references: row.references,
      remediation: row.remediation,
      fix: row.fix,
      waiver,
      history,
    };
  }

  /** The full record, for remediation. */
  async record(id: string): Promise<FindingRecord | null> {
    return this.dataSource.getRepository(FindingRecord).findOneBy({ id });
  }

  /** The manifest text a scan read for a file (secrets masked), if it kept it. */
  async scannedFile(scanId: string, file: string): Promise<string | undefined> {
    const [row] = await this.dataSource.query(
      'SELECT content FROM scan_files WHERE scan_id = $1 AND path = $2',
      [scanId, file],
    );
    return row?.content;
  }

  private async history(manager: EntityManager, findingId: string): Promise<FindingEventView[]> {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT type, actor, from_status, to_status, note, scan_id, created_at
       FROM finding_events WHERE finding_id = $1 ORDER BY id`,
      [findingId],
    );
    return rows.map((row) => ({
      type: row.type as FindingEventType,
      actor: row.actor as string,
      fromStatus: row.from_status as string | null,
      toStatus: row.to_status as string | null,
      note: row.note as string | null,
      scanId: row.scan_id as string | null,
      at: (row.created_at as Date).toISOString(),
    }));
  }

  private async activeWaiver(manager: EntityManager, findingId: string): Promise<WaiverView | null> {
    const [row] = await manager.query(
      `SELECT id, kind, justification, expires_at, created_by, created_at FROM waivers
       WHERE finding_id = $1 AND ended_at IS NULL ORDER BY created_at DESC LIMIT 1`,
      [findingId],
    );
    if (!row) return null;
    return {
      id: row.id,
      kind: row.kind,
      justification: row.justification,
      expiresAt: row.expires_at ? (row.expires_at as Date).toISOString() : null,
      createdBy: row.created_by,
      createdAt: (row.created_at as Date).toISOString(),
    };
  }

  /**
   * Locks the findings for the rest of the transaction (in id order, so two bulk changes over
   * the same findings cannot deadlock) and returns their current state.
   */
  async lockForChange(manager: EntityManager, ids: string[]): Promise<LockedFinding[]> {
    return manager.query(
      'SELECT id, status, assignee FROM findings WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE',
      [ids],
    );
  }

  async setStatus(
    manager: EntityManager,
    ids: string[],
    status: FindingStatus,
    riskAcceptedUntil: Date | null,
  ): Promise<void> {
    await manager.query(
      `UPDATE findings SET status = $2, risk_accepted_until = $3, updated_at = now() WHERE id = ANY($1::uuid[])`,
      [ids, status, riskAcceptedUntil],
    );
  }

  async setAssignee(manager: EntityManager, ids: string[], assignee: string | null): Promise<void> {
    await manager.query('UPDATE findings SET assignee = $2, updated_at = now() WHERE id = ANY($1::uuid[])', [
      ids,
      assignee,
    ]);
  }

  /** A status change ends whatever waiver was in force: it no longer describes the finding. */
  async endWaivers(manager: EntityManager, findingIds: string[]): Promise<void> {
    await manager.query(
      'UPDATE waivers SET ended_at = now() WHERE finding_id = ANY($1::uuid[]) AND ended_at IS NULL',
      [findingIds],
    );
  }

  async addWaivers(
    manager: EntityManager,
    findingIds: string[],
    waiver: {
      kind: 'false_positive' | 'risk_accepted';
      justification: string;
      expiresAt: Date | null;
      actor: string;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO waivers (finding_id, kind, justification, expires_at, created_by)
       SELECT unnest($1::uuid[]), $2, $3, $4, $5`,
      [findingIds, waiver.kind, waiver.justification, waiver.expiresAt, waiver.actor],
    );
  }

  /** Events are numbered in the order given: the history lists them that way. */
  async addEvents(manager: EntityManager, actor: string, events: NewFindingEvent[]): Promise<void> {
    if (events.length === 0) return;
    await manager.query(
      `INSERT INTO finding_events (finding_id, type, actor, from_status, to_status, note)
       SELECT finding_id, type, $1, from_status, to_status, note
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY
         AS u(finding_id, type, from_status, to_status, note, position)
       ORDER BY position`,
      [
        actor,
        events.map((event) => event.findingId),
        events.map((event) => event.type),
        events.map((event) => event.fromStatus),
        events.map((event) => event.toStatus),
        events.map((event) => event.note),
      ],
    );
  }
}
