import type { Action, AppAbility, ScopeConditions, Subject } from './abilities';
import type { AuthenticatedRequest } from './principal';

/**
 * What of a subject a key may reach for an action, read off its abilities' conditions, in the
 * shape SQL filters on: the projects (null: all) and, for a ci key's scans, the submitting key.
 * Services put it into their WHERE clauses, so a list never holds a row the key may not see.
 */
export class AccessScope {
  static readonly EVERYTHING = new AccessScope(null, null);

  constructor(
    /** Project names; null when not limited. */
    readonly projects: readonly string[] | null,
    /** Only scans this key submitted; null when not limited. */
    readonly submittedBy: string | null,
  ) {}

  includesProject(project: string): boolean {
    return this.projects === null || this.projects.includes(project);
  }

  /**
   * The projects a list reads: the one asked for (none when it is out of reach, so the list is
   * empty as for an unknown project), or every project the key may see (null: all).
   */
  projectsToList(requested: string | undefined): readonly string[] | null {
    if (requested !== undefined) return this.includesProject(requested) ? [requested] : [];
    return this.projects;
  }

  /** Whether a thing of this project (and submitted by this key, for scans) is within reach. */
  includes(thing: { project: string; submittedBy?: string | null }): boolean {
    return (
      this.includesProject(thing.project) &&
      (this.submittedBy === null || thing.submittedBy === this.submittedBy)
    );
  }
}

/**
 * The scope the rules for (action, subject) allow. The guard has checked that some rule allows
 * the pair, so there is at least one. Rules without conditions mean everything; several rules
 * with conditions would mean a union, which the roles do not need and SQL filters would not show.
 */
export function scopeFor(ability: AppAbility, action: Action, subject: Subject): AccessScope {
  const rules = ability.rulesFor(action, subject).filter((rule) => !rule.inverted);
  if (rules.some((rule) => !rule.conditions || Object.keys(rule.conditions).length === 0))
    return AccessScope.EVERYTHING;
  if (rules.length !== 1)
    throw new Error(`${action} ${subject}: several conditional rules; scopeFor takes one`);
  const conditions = rules[0].conditions as ScopeConditions;
  const unknown = Object.keys(conditions).filter((field) => field !== 'project' && field !== 'submittedBy');
  if (unknown.length > 0)
    throw new Error(`${action} ${subject}: no SQL scope for condition ${unknown.join(', ')}`);
  return new AccessScope(conditions.project?.$in ?? null, conditions.submittedBy ?? null);
}

/** A request past the guard: its principal, and the scope of the route's ability (see AccessScope). */
export type ScopedRequest = AuthenticatedRequest & { scope?: AccessScope };
