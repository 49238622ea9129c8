import type { FastifyRequest } from 'fastify';

/** The roles an API key can have (interfaces.md). */
export const ROLES = ['admin', 'security-officer', 'auditor', 'ci'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who makes a request, as the authentication guard established it: the API key, its role and
 * the projects it is limited to (null: every project). Authorization and audit entries read it.
 */
export interface Principal {
  /** The API key's id (the admin token is a key too: the one it seeded). */
  keyId: string | null;
  /** The key's name: what history and audit entries show as the actor. */
  name: string;
  role: Role;
  /** Project names the key may see; null when it is not limited. */
  projects: readonly string[] | null;
}

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };
