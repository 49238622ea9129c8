import { BadRequestException } from '@nestjs/common';
import { isWaiverKind, type FindingStatus } from './lifecycle/finding-lifecycle';

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
  now: Date,
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
