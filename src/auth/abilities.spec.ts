import { AccessScope, scopeFor } from './access-scope';
import { defineAbilities, type Action, type Subject } from './abilities';
import type { Principal, Role } from './principal';

const KEY = '6f1c0d2e-8a4b-4c3d-9e5f-0a1b2c3d4e5f';
const principal = (role: Role, projects: string[] | null = ['payments']): Principal => ({
  keyId: KEY,
  name: role,
  role,
  projects,
});

/** What each role may do at all (projects aside), one line an ability. */
const GRANTS: [Action, Subject, Role[]][] = [
  ['create', 'ApiKey', ['admin']],
  ['read', 'ApiKey', ['admin']],
  ['delete', 'ApiKey', ['admin']],
  ['create', 'Scan', ['admin', 'security-officer', 'ci']],
  ['read', 'Scan', ['admin', 'security-officer', 'auditor', 'ci']],
  ['read', 'Finding', ['admin', 'security-officer', 'auditor']],
  ['update', 'Finding', ['admin', 'security-officer']],
  ['read', 'Waiver', ['admin', 'security-officer', 'auditor']],
  ['approve', 'Waiver', ['admin', 'security-officer']],
  // The keys here are limited to a project; the log spans them all (an unlimited auditor: below).
  ['read', 'AuditLog', ['admin']],
  ['read', 'ProjectSettings', ['admin', 'security-officer', 'auditor']],
  ['update', 'ProjectSettings', ['admin']],
  ['create', 'Report', ['admin', 'security-officer', 'auditor']],
  ['read', 'Report', ['admin', 'security-officer', 'auditor']],
  ['read', 'SigningCertificate', ['admin', 'security-officer', 'auditor', 'ci']],
  ['read', 'Policy', ['admin', 'security-officer', 'auditor', 'ci']],
  ['read', 'Session', ['admin', 'security-officer', 'auditor', 'ci']],
  ['create', 'Policy', ['admin']],
];

describe('the abilities of each role', () => {
  it.each(GRANTS)('%s %s: %j', (action, subject, roles) => {
    const allowed = (['admin', 'security-officer', 'auditor', 'ci'] as Role[]).filter((role) =>
      defineAbilities(principal(role)).can(action, subject),
    );
    expect(allowed).toEqual(roles);
  });
});

describe('the audit log', () => {
  it('is read by an auditor not limited to projects, and by no other auditor', () => {
    expect(defineAbilities(principal('auditor', null)).can('read', 'AuditLog')).toBe(true);
    expect(defineAbilities(principal('auditor', ['payments'])).can('read', 'AuditLog')).toBe(false);
    expect(defineAbilities(principal('security-officer', null)).can('read', 'AuditLog')).toBe(false);
  });
});

describe('the scope a list filters by', () => {
  it('is every project for an admin, and for a key not limited to projects', () => {
    expect(scopeFor(defineAbilities(principal('admin', null)), 'read', 'Finding')).toEqual(
      AccessScope.EVERYTHING,
    );
    expect(scopeFor(defineAbilities(principal('auditor', null)), 'read', 'Finding')).toEqual(
      AccessScope.EVERYTHING,
    );
  });

  it("is the key's projects when it has some", () => {
    const scope = scopeFor(defineAbilities(principal('security-officer', ['a', 'b'])), 'update', 'Finding');
    expect(scope).toEqual(new AccessScope(['a', 'b'], null));
    expect(scope.includes({ project: 'a' })).toBe(true);
    expect(scope.includes({ project: 'c' })).toBe(false);
    expect(scope.projectsToList(undefined)).toEqual(['a', 'b']);
    expect(scope.projectsToList('b')).toEqual(['b']);
    expect(scope.projectsToList('c')).toEqual([]);
  });

  it("is a ci key's own scans on its projects", () => {
    const scope = scopeFor(defineAbilities(principal('ci', ['a'])), 'read', 'Scan');
    expect(scope).toEqual(new AccessScope(['a'], KEY));
    expect(scope.includes({ project: 'a', submittedBy: KEY })).toBe(true);
    expect(scope.includes({ project: 'a', submittedBy: null })).toBe(false);
    expect(scopeFor(defineAbilities(principal('ci', ['a'])), 'create', 'Scan')).toEqual(
      new AccessScope(['a'], null),
    );
  });
});
