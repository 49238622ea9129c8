import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FindingStatus, TransitionCause, WaiverRequestEvent } from './finding-lifecycle';

/** A history entry's kind: a status move's cause, a waiver request's fate, an assignment or a note. */
export type FindingEventType = TransitionCause | WaiverRequestEvent | 'assigned' | 'note';

/** One history entry to write. */
export interface NewFindingEvent {
  findingId: string;
  type: FindingEventType;
  /** The key or process that acted: an API key's name, 'scan', 'system'. */
  actor: string;
  scanId: string | null;
  fromStatus: FindingStatus | null;
  toStatus: FindingStatus | null;
  note: string | null;
}

/** One entry of a finding's history, as the API shows it. */
export interface FindingEventView {
  type: FindingEventType;
  actor: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  scanId: string | null;
  at: string;
}

/** Rows per statement: large enough to amortise round trips, small enough to keep statements cheap. */
const BATCH = 5000;

/** The one writer of findings' history: every entry, from people, scans and expiry, goes through append. */
@Injectable()
export class FindingEventsRepository {
  /** Entries are numbered in the order given, and the history lists them that way. */
  async append(manager: EntityManager, events: NewFindingEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += BATCH) {
      const batch = events.slice(i, i + BATCH);
      const column = <T>(pick: (event: NewFindingEvent) => T) => batch.map(pick);
      await manager.query(
        `INSERT INTO finding_events (finding_id, scan_id, type, actor, from_status, to_status, note)
         SELECT finding_id, scan_id, type, actor, from_status, to_status, note
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY
           AS u(finding_id, scan_id, type, actor, from_status, to_status, note, position)
         ORDER BY position`,
        [
          column((e) => e.findingId),
          column((e) => e.scanId),
          column((e) => e.type),
          column((e) => e.actor),
          column((e) => e.fromStatus),
          column((e) => e.toStatus),
          column((e) => e.note),
        ],
      );
    }
  }

  async history(manager: EntityManager, findingId: string): Promise<FindingEventView[]> {
    const rows: {
      type: FindingEventType;
      actor: string;
      from_status: string | null;
      to_status: string | null;
      note: string | null;
      scan_id: string | null;
      created_at: Date;
    }[] = await manager.query(
      `SELECT type, actor, from_status, to_status, note, scan_id, created_at
       FROM finding_events WHERE finding_id = $1 ORDER BY id`,
      [findingId],
    );
    return rows.map((row) => ({
      type: row.type,
      actor: row.actor,
      fromStatus: row.from_status,
      toStatus: row.to_status,
      note: row.note,
      scanId: row.scan_id,
      at: row.created_at.toISOString(),
    }));
  }
}
