import type { Principal } from '../../src/auth/principal';
import type { RequestContext } from '../../src/audit/request-context';

/** Keys of each role, for calling services as someone other than the admin token. */
export const ALICE: Principal = {
  keyId: 'key-alice',
  name: 'alice',
  role: 'security-officer',
  projects: null,
};
export const BOB: Principal = { keyId: 'key-bob', name: 'bob', role: 'security-officer', projects: null };
export const AUDITOR: Principal = { keyId: 'key-audit', name: 'audit', role: 'auditor', projects: null };
export const ADMIN_TOKEN: Principal = { keyId: null, name: 'admin', role: 'admin', projects: null };

export function as(principal: Principal, requestId = `test-${principal.name}`): RequestContext {
  return { principal, requestId };
}
