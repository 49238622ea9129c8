import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { WaiversRepository } from './waivers.repository';
import { FindingEventsRepository, type NewFindingEvent } from './finding-events.repository';
import { isAllowed, type FindingStatus, type TransitionCause } from './finding-lifecycle';

/** One finding moving from one status to another, for a reason. */
export interface Transition {
  findingId: string;
  cause: TransitionCause;
  from: FindingStatus | null;
  to: FindingStatus;
  /** Until when an accepted risk holds; every other move clears it. */
  riskAcceptedUntil?: Date | null;
  note?: string | null;
}

/** Who or what makes the moves: an actor's name, and the scan when a scan makes them. */
export interface TransitionContext {
  actor: string;
  scanId?: string | null;
}

const BATCH = 5000;

/**
 * Writes every status move of a finding: by people, by scans and by expiry. Each move is
 * checked against the lifecycle table, ends the waiver in force (it no longer describes the
 * finding), and leaves one history entry. Callers lock the findings first, in one transaction.
 */
@Injectable()
export class FindingLifecycleService {
  constructor(
    private readonly events: FindingEventsRepository,
    private readonly waivers: WaiversRepository,
  ) {}

  async apply(manager: EntityManager, transitions: Transition[], context: TransitionContext): Promise<void> {
    for (const move of transitions) {
      if (!isAllowed(move.cause, move.from, move.to)) {
        throw new Error(`finding ${move.findingId}: ${move.cause} cannot move ${move.from} to ${move.to}`);
      }
    }
    // A detected finding was just inserted in its first status: there is nothing to update or end.
    const moved = transitions.filter((move) => move.from !== null);
    for (let i = 0; i < moved.length; i += BATCH) {
      const batch = moved.slice(i, i + BATCH);
      await manager.query(
        `UPDATE findings f SET status = u.status, risk_accepted_until = u.until, updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS u(id, status, until)
         WHERE f.id = u.id`,
        [
          batch.map((m) => m.findingId),
          batch.map((m) => m.to),
          batch.map((m) => m.riskAcceptedUntil ?? null),
        ],
      );
      await this.waivers.end(
        manager,
        batch.map((m) => ({ findingId: m.findingId, cause: m.cause })),
      );
    }
    await this.events.append(
      manager,
      transitions.map((move): NewFindingEvent => ({
        findingId: move.findingId,
        type: move.cause,
        actor: context.actor,
        scanId: context.scanId ?? null,
        fromStatus: move.from,
        toStatus: move.to,
        note: move.note ?? null,
      })),
    );
  }
}
