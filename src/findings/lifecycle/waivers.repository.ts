import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../../auth/principal';
import type { TransitionCause, WaiverKind } from './finding-lifecycle';

export type WaiverState = 'requested' | 'approved' | 'rejected' | 'lapsed';
export const WAIVER_STATES: readonly WaiverState[] = ['requested', 'approved', 'rejected', 'lapsed'];

/** A waiver as the API shows it: who asked, who decided, when, and what evidence it is bound to. */
export interface WaiverView {
  id: string;
  findingId: string;
  kind: WaiverKind;
  state: WaiverState;
  justification: string;
  expiresAt: string | null;
  requestedBy: string;
  requestedByKeyId: string | null;
  requestedAt: string;
  decidedBy: string | null;
  decidedByKeyId: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  evidenceHash: string | null;
  /** When it stopped counting (the finding moved, it expired or lapsed), and why. */
  endedAt: string | null;
  endCause: string | null;
}

interface WaiverRow {
  id: string;
  finding_id: string;
  kind: WaiverKind;
  state: WaiverState;
  justification: string;
  expires_at: Date | null;
  requested_by: string;
  requested_by_key_id: string | null;
  requested_at: Date;
  requested_at_micros: string;
  decided_by: string | null;
  decided_by_key_id: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  evidence_hash: string | null;
  ended_at: Date | null;
  end_cause: string | null;
}

const COLUMNS = `id, finding_id, kind, state, justification, expires_at, requested_by, requested_by_key_id,
  requested_at, to_char(requested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS requested_at_micros,
  decided_by, decided_by_key_id, decided_at, decision_note, evidence_hash, ended_at, end_cause`;

/** A waiver bound to evidence that a scan may find changed. */
export interface BoundWaiver {
  id: string;
  findingId: string;
  state: 'requested' | 'approved';
  evidenceHash: string;
}

/**
 * Decisions not to fix (false positives, accepted risks): requested, decided, and ended by any
 * later move of their finding. The one place that reads and writes the waivers table.
 */
@Injectable()
export class WaiversRepository {
  /** Starts one waiver per finding, requested or approved at once; returns them in the order given. */
  async start(
    manager: EntityManager,
    findings: { id: string; evidenceHash: string | null }[],
    waiver: {
      kind: WaiverKind;
      justification: string;
      expiresAt: Date | null;
      state: 'requested' | 'approved';
      by: Principal;
    },
  ): Promise<WaiverView[]> {
    const decided = waiver.state === 'approved';
    const rows: WaiverRow[] = await manager.query(
      `INSERT INTO waivers (finding_id, evidence_hash, kind, justification, expires_at, state,
         requested_by, requested_by_key_id, decided_by, decided_by_key_id, decided_at)
       SELECT finding_id, evidence_hash, $3, $4, $5, $6, $7, $8,
         CASE WHEN $9 THEN $7 END, CASE WHEN $9 THEN $8 END, CASE WHEN $9 THEN now() END
       FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS u(finding_id, evidence_hash, position)
       ORDER BY position
       RETURNING ${COLUMNS}`,
      [
        findings.map((finding) => finding.id),
        findings.map((finding) => finding.evidenceHash),
        waiver.kind,
        waiver.justification,
        waiver.expiresAt,
        waiver.state,
        waiver.by.name,
        waiver.by.keyId,
        decided,
      ],
    );
    return rows.map(toView);
  }

  /**
   * Ends the waivers in force of findings that move, each with the cause of its move; a waiver
   * whose evidence changed is `lapsed` from then on (its approval stays recorded).
   */
  async end(manager: EntityManager, moves: { findingId: string; cause: TransitionCause }[]): Promise<void> {
    await manager.query(
      `UPDATE waivers w SET ended_at = now(), end_cause = u.cause,
         state = CASE WHEN u.cause = 'waiver_lapsed' THEN 'lapsed' ELSE w.state END
       FROM unnest($1::uuid[], $2::text[]) AS u(finding_id, cause)
       WHERE w.finding_id = u.finding_id AND w.state = 'approved' AND w.ended_at IS NULL`,
      [moves.map((move) => move.findingId), moves.map((move) => move.cause)],
    );
  }

  /** Requests whose evidence changed before anyone decided: they lapse undecided. */
  async lapseRequests(manager: EntityManager, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(
      `UPDATE waivers SET state = 'lapsed', decided_at = now(), ended_at = now(), end_cause = 'waiver_lapsed'
       WHERE id = ANY($1::uuid[]) AND state = 'requested'`,
      [ids],
    );
  }

  async decide(
    manager: EntityManager,
    id: string,
    decision: { state: 'approved' | 'rejected'; by: Principal; note: string | null },
  ): Promise<WaiverView> {
    // TypeORM answers an UPDATE with [rows, count].
    const [[row]]: [WaiverRow[], number] = await manager.query(
      `UPDATE waivers SET state = $2, decided_by = $3, decided_by_key_id = $4, decided_at = now(), decision_note = $5,
         ended_at = CASE WHEN $2 = 'rejected' THEN now() END, end_cause = CASE WHEN $2 = 'rejected' THEN 'waiver_rejected' END
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, decision.state, decision.by.name, decision.by.keyId, decision.note],
    );
    return toView(row);
  }

  async get(manager: EntityManager, id: string, lock = false): Promise<WaiverView | null> {
    const [row]: WaiverRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM waivers WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row ? toView(row) : null;
  }

  /** The approved waiver a finding is under now, if any. */
  async inForce(manager: EntityManager, findingId: string): Promise<WaiverView | null> {
    const [row]: WaiverRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM waivers WHERE finding_id = $1 AND state = 'approved' AND ended_at IS NULL
       ORDER BY requested_at DESC LIMIT 1`,
      [findingId],
    );
    return row ? toView(row) : null;
  }

  /** Findings among `findingIds` with a request waiting for a decision. */
  async pendingFor(manager: EntityManager, findingIds: string[]): Promise<WaiverView[]> {
    const rows: WaiverRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM waivers WHERE finding_id = ANY($1::uuid[]) AND state = 'requested'`,
      [findingIds],
    );
    return rows.map(toView);
  }

  /** The project's waivers a scan can find outdated: approved and in force, or waiting for a decision. */
  async boundInProject(manager: EntityManager, projectId: string): Promise<BoundWaiver[]> {
    return manager.query(
      `SELECT w.id, w.finding_id AS "findingId", w.state, w.evidence_hash AS "evidenceHash"
       FROM waivers w JOIN findings f ON f.id = w.finding_id
       WHERE f.project_id = $1 AND w.evidence_hash IS NOT NULL
         AND (w.state = 'requested' OR (w.state = 'approved' AND w.ended_at IS NULL))`,
      [projectId],
    );
  }

  /** The name of the project whose finding a waiver is on. */
  async projectOf(manager: EntityManager, waiverId: string): Promise<string | undefined> {
    const [row] = await manager.query(
      `SELECT p.name FROM waivers w JOIN findings f ON f.id = w.finding_id JOIN projects p ON p.id = f.project_id
       WHERE w.id = $1`,
      [waiverId],
    );
    return row?.name;
  }

  /** Newest first, on (requested_at, id). */
  async list(
    manager: EntityManager,
    query: {
      state?: WaiverState;
      /** Project names whose findings' waivers are listed; null: every project. */
      projects: readonly string[] | null;
      after?: { requestedAt: string; id: string };
      rows: number;
    },
  ): Promise<(WaiverView & { requestedAtMicros: string })[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.projects !== null) {
      params.push(query.projects);
      where.push(
        `finding_id IN (SELECT f.id FROM findings f JOIN projects p ON p.id = f.project_id WHERE p.name = ANY($${params.length}::text[]))`,
      );
    }
    if (query.state !== undefined) {
      params.push(query.state);
      where.push(`state = $${params.length}`);
    }
    if (query.after !== undefined) {
      params.push(query.after.requestedAt, query.after.id);
      where.push(`(requested_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    const rows: WaiverRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM waivers ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY requested_at DESC, id DESC LIMIT ${query.rows}`,
      params,
    );
    return rows.map((row) => ({ ...toView(row), requestedAtMicros: row.requested_at_micros }));
  }
}

function toView(row: WaiverRow): WaiverView {
  return {
    id: row.id,
    findingId: row.finding_id,
    kind: row.kind,
    state: row.state,
    justification: row.justification,
    expiresAt: row.expires_at?.toISOString() ?? null,
    requestedBy: row.requested_by,
    requestedByKeyId: row.requested_by_key_id,
    requestedAt: row.requested_at.toISOString(),
    decidedBy: row.decided_by,
    decidedByKeyId: row.decided_by_key_id,
    decidedAt: row.decided_at?.toISOString() ?? null,
    decisionNote: row.decision_note,
    evidenceHash: row.evidence_hash,
    endedAt: row.ended_at?.toISOString() ?? null,
    endCause: row.end_cause,
  };
}
