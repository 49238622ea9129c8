import type { Principal } from '../../auth/principal';
import { decisionProblem, mayTriage, waiverTakesEffectAtOnce } from './waiver-governance';

const key = (keyId: string | null, name: string, role: Principal['role']): Principal => ({
  keyId,
  name,
  role,
  projects: null,
});

describe('who decides waivers', () => {
  it('lets an admin’s waiver take effect at once, and makes a security officer’s a request', () => {
    expect(waiverTakesEffectAtOnce(key(null, 'admin', 'admin'))).toBe(true);
    expect(waiverTakesEffectAtOnce(key('k1', 'alice', 'security-officer'))).toBe(false);
  });

  it('lets admins and security officers triage, and nobody else', () => {
    expect(mayTriage(key('k', 'a', 'admin'))).toBe(true);
    expect(mayTriage(key('k', 'a', 'security-officer'))).toBe(true);
    expect(mayTriage(key('k', 'a', 'auditor'))).toBe(false);
    expect(mayTriage(key('k', 'a', 'ci'))).toBe(false);
  });

  it('refuses a decision by the requester, by key id when both have one', () => {
    const alice = key('k1', 'alice', 'security-officer');
    expect(decisionProblem(alice, { keyId: 'k1', name: 'alice' })).toMatch(/other than its requester/);
    // A renamed key is still the same key; two keys with one name are two people.
    expect(
      decisionProblem(key('k1', 'alice-renamed', 'security-officer'), { keyId: 'k1', name: 'alice' }),
    ).toMatch(/requester/);
    expect(
      decisionProblem(key('k2', 'alice', 'security-officer'), { keyId: 'k1', name: 'alice' }),
    ).toBeUndefined();
  });

  it('compares names when a side has no key id (the configured admin token)', () => {
    expect(decisionProblem(key(null, 'admin', 'admin'), { keyId: null, name: 'admin' })).toMatch(/requester/);
    expect(decisionProblem(key(null, 'admin', 'admin'), { keyId: 'k1', name: 'alice' })).toBeUndefined();
  });

  it('refuses decisions by auditors and CI keys', () => {
    expect(decisionProblem(key('k3', 'audit', 'auditor'), { keyId: 'k1', name: 'alice' })).toMatch(
      /auditor key/,
    );
    expect(decisionProblem(key('k4', 'ci', 'ci'), { keyId: 'k1', name: 'alice' })).toMatch(/ci key/);
  });
});
