import { SetMetadata } from '@nestjs/common';
import type { Action, Subject } from './abilities';

export const REQUIRED_ABILITY = 'vigil:required-ability';

export interface RequiredAbility {
  action: Action;
  subject: Subject;
}

/**
 * The ability a route needs (abilities.ts says which roles have it). Every route has one, or
 * @Public: the guard refuses a route with neither, and test/auth fails on it.
 */
export const Allow = (action: Action, subject: Subject) =>
  SetMetadata(REQUIRED_ABILITY, { action, subject } satisfies RequiredAbility);
