import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { WaiverKind } from './finding-lifecycle';

/** The decision in force not to fix a finding. */
export interface WaiverView {
  id: string;
  kind: WaiverKind;
  justification: string;
  expiresAt: string | null;
  createdBy: string;
  createdAt: string;
}

/** Decisions not to fix (false positives, accepted risks): started by people, ended by any move. */
@Injectable()
export class WaiversRepository {
  async start(
    manager: EntityManager,
    findingIds: string[],
    waiver: { kind: WaiverKind; justification: string; expiresAt: Date | null; actor: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO waivers (finding_id, kind, justification, expires_at, created_by)
       SELECT unnest($1::uuid[]), $2, $3, $4, $5`,
      [findingIds, waiver.kind, waiver.justification, waiver.expiresAt, waiver.actor],
    );
  }

  async end(manager: EntityManager, findingIds: string[]): Promise<void> {
    await manager.query(
      'UPDATE waivers SET ended_at = now() WHERE finding_id = ANY($1::uuid[]) AND ended_at IS NULL',
      [findingIds],
    );
  }

  async inForce(manager: EntityManager, findingId: string): Promise<WaiverView | null> {
    const [row]: {
      id: string;
      kind: WaiverKind;
      justification: string;
      expires_at: Date | null;
      created_by: string;
      created_at: Date;
    }[] = await manager.query(
      `SELECT id, kind, justification, expires_at, created_by, created_at FROM waivers
       WHERE finding_id = $1 AND ended_at IS NULL ORDER BY created_at DESC LIMIT 1`,
      [findingId],
    );
    if (!row) return null;
    return {
      id: row.id,
      kind: row.kind,
      justification: row.justification,
      expiresAt: row.expires_at?.toISOString() ?? null,
      createdBy: row.created_by,
      createdAt: row.created_at.toISOString(),
    };
  }
}
