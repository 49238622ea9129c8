import { AbilityBuilder, createMongoAbility, type MongoAbility } from '@casl/ability';
import type { Principal } from './principal';

/**
 * Who may do what: the one place that says it. Every route names the action and subject it
 * needs (@Allow); the guard asks these abilities, and lists are narrowed in SQL by the same
 * rules' conditions (see access-scope.ts). Conditions use two fields only: `project` (the
 * project a thing belongs to) and `submittedBy` (the key that submitted a scan).
 */
export const ACTIONS = ['read', 'create', 'update', 'delete', 'approve'] as const;
export type Action = (typeof ACTIONS)[number];

export const SUBJECTS = [
  'ApiKey',
  'Scan',
  'Finding',
  'Waiver',
  'AuditLog',
  'Report',
  'SigningCertificate',
  'Policy',
  'ProjectSettings',
  // The calling key itself (GET /auth/me).
  'Session',
] as const;
export type Subject = (typeof SUBJECTS)[number];

/** Rules are checked on subject names; conditions are read back as SQL scope, not matched on objects. */
export type AppAbility = MongoAbility<[Action | 'manage', Subject | 'all' | Record<string, unknown>]>;

/** The conditions rules may carry: what access-scope.ts turns into SQL. */
export type ScopeConditions = {
  project?: { $in: string[] };
  submittedBy?: string | null;
};

export function defineAbilities(principal: Principal): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  // A key limited to projects sees only those; a key without a list sees every project.
  const onProjects: ScopeConditions | undefined =
    principal.projects === null ? undefined : { project: { $in: [...principal.projects] } };
  switch (principal.role) {
    case 'admin':
      can('manage', 'all');
      break;
    case 'security-officer':
      can(['create', 'read'], 'Scan', onProjects);
      can(['read', 'update'], 'Finding', onProjects);
      // Approving and rejecting waivers; "never the requester" is the waiver workflow's own check.
      can(['read', 'approve'], 'Waiver', onProjects);
      can(['create', 'read'], 'Report', onProjects);
      can('read', 'ProjectSettings', onProjects);
      break;
    case 'auditor':
      can('read', ['Scan', 'Finding', 'Waiver'], onProjects);
      can(['create', 'read'], 'Report', onProjects);
      // The audit log spans every project, and its entries name other projects' things: only
      // an auditor not limited to projects reads it.
      if (principal.projects === null) can('read', 'AuditLog');
      can('read', 'ProjectSettings', onProjects);
      break;
    case 'ci':
      can('create', 'Scan', onProjects);
      // Its own scans' verdicts, and nothing else a scan leads to.
      can('read', 'Scan', { ...onProjects, submittedBy: principal.keyId });
      break;
  }
  // Anyone with a key may read the rules, the certificate reports are signed with, and who it is.
  can('read', ['Policy', 'SigningCertificate', 'Session']);
  return build();
}
