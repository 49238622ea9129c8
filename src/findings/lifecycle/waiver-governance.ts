import type { Principal, Role } from '../../auth/principal';
import { samePrincipal } from '../../audit/request-context';

/**
 * Who may decide what about waivers. A false positive or an accepted risk decided by an admin
 * holds at once; by a security officer it is a request until a second person approves it.
 * The route guards check roles too; these rules hold whatever door a call comes through.
 */
const MAY_TRIAGE: readonly Role[] = ['admin', 'security-officer'];
const MAY_DECIDE: readonly Role[] = ['admin', 'security-officer'];

export function mayTriage(principal: Principal): boolean {
  return MAY_TRIAGE.includes(principal.role);
}

/** Whether a waiver `principal` makes takes effect without a second person. */
export function waiverTakesEffectAtOnce(principal: Principal): boolean {
  return principal.role === 'admin';
}

/** Why `principal` may not approve or reject a request made by `requester`, or undefined when they may. */
export function decisionProblem(
  principal: Principal,
  requester: { keyId: string | null; name: string },
): string | undefined {
  if (!MAY_DECIDE.includes(principal.role))
    return `a ${principal.role} key cannot decide waivers: a security officer or an admin must`;
  if (samePrincipal(principal, requester))
    return 'a waiver is approved or rejected by someone other than its requester';
  return undefined;
}
