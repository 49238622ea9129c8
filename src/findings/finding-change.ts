import { BadRequestException } from '@nestjs/common';
import { ALLOWED_TRANSITIONS, type FindingStatus } from './finding-status';

/** Statuses that record a decision not to fix, with a waiver row. */
export type WaiverKind = 'false_positive' | 'risk_accepted';
const WAIVER_KINDS: readonly FindingStatus[] = ['false_positive', 'risk_accepted'];

export function isWaiverKind(status: FindingStatus): status is WaiverKind {
  return WAIVER_KINDS.includes(status);
}

/** A checked triage change (PATCH /findings/:id, POST /findings/bulk). */
export interface FindingChange {
  status?: FindingStatus;
  /** null unassigns; undefined leaves the assignee alone. */
  assignee?: string | null;
  note?: string;
  justification?: string;
  expiresAt?: Date;
}

/**
 * Checks what can be checked without reading the finding: the fields that go together, a
 * justification where a decision not to fix needs one, an expiry in the future. Throws 400.
 */
export function checkChange(
  input: {
    status?: FindingStatus;
    assignee?: string | null;
    note?: string;
    justification?: string;
    expiresAt?: string;
  },
  now: Date = new Date(),
): FindingChange {
  if (input.status === undefined && input.assignee === undefined && input.note === undefined) {
    throw new BadRequestException('give at least one of status, assignee or note');
  }
  const justification = input.justification?.trim();
  if (input.status !== undefined && isWaiverKind(input.status)) {
    if (!justification) {
      throw new BadRequestException(
        `status ${input.status} needs a justification: say why ${
          input.status === 'false_positive' ? 'the finding is not a problem' : 'the risk is accepted'
        }`,
      );
    }
  } else if (input.justification !== undefined) {
    throw new BadRequestException(
      'justification goes with status false_positive or risk_accepted only; use note for other remarks',
    );
  }
  let expiresAt: Date | undefined;
  if (input.status === 'risk_accepted') {
    if (input.expiresAt === undefined) {
      throw new BadRequestException(
        'status risk_accepted needs expiresAt: the ISO 8601 date/time until which the risk is accepted',
      );
    }
    expiresAt = new Date(input.expiresAt);
    if (Number.isNaN(expiresAt.getTime())) {
      throw new BadRequestException(`expiresAt '${input.expiresAt}' is not a date`);
    }
    if (expiresAt.getTime() <= now.getTime()) {
      throw new BadRequestException(
        `expiresAt must be in the future: ${expiresAt.toISOString()} is not after ${now.toISOString()}`,
      );
    }
  } else if (input.expiresAt !== undefined) {
    throw new BadRequestException('expiresAt goes with status risk_accepted only');
  }
  return {
    status: input.status,
    assignee:
      input.assignee === undefined || input.assignee === null ? input.assignee : input.assignee.trim(),
    note: input.note,
    justification,
    expiresAt,
  };
}

/** Why a finding cannot move from `current` to `next`, or undefined when it can. */
export function transitionProblem(
  findingId: string,
  current: FindingStatus,
  next: FindingStatus,
): { message: string; currentStatus: FindingStatus; allowed: readonly FindingStatus[] } | undefined {
  const allowed = ALLOWED_TRANSITIONS[current];
  if (allowed.includes(next)) return undefined;
  const moves = allowed.join(', ');
  const message =
    current === next
      ? `finding ${findingId} is already ${current}; from ${current} it can move to ${moves}`
      : `finding ${findingId} cannot move from ${current} to ${next}; from ${current} it can move to ${moves}`;
  return { message, currentStatus: current, allowed };
}
