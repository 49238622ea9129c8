import type { Principal } from '../auth/principal';

/**
 * Who asks, and in which request: what every mutation needs to be audited. Controllers take it
 * with @CurrentRequest() and pass it down explicitly to the service that mutates; processes the
 * service runs by itself (waiver expiry) use SYSTEM_CONTEXT.
 */
export interface RequestContext {
  principal: Principal;
  /** Fastify's request id (the caller's X-Request-Id, else a UUID); null outside a request. */
  requestId: string | null;
}

/** The service acting on its own: expiry sweeps. */
export const SYSTEM_CONTEXT: RequestContext = {
  principal: { keyId: null, name: 'system', role: 'admin', projects: null },
  requestId: null,
};

/** Whether two principals are the same person: by key id when both have one, else by name. */
export function samePrincipal(
  a: Pick<Principal, 'keyId' | 'name'>,
  b: Pick<Principal, 'keyId' | 'name'>,
): boolean {
  if (a.keyId !== null && b.keyId !== null) return a.keyId === b.keyId;
  return a.name === b.name;
}
