import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * An API key's token: `vigil_<key id, 32 hex>_<secret, 43 base64url characters>`. The prefix
 * lets secret scanners recognise a leaked key; the id finds the key without reading the
 * secret, so the secret is only ever compared, in constant time, against its stored hash.
 */
export const TOKEN_PREFIX = 'vigil_';
const TOKEN_PATTERN = /^vigil_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

export interface IssuedToken {
  keyId: string;
  token: string;
  secretHash: Buffer;
}

/** A new key's id, its token (shown once) and the hash that is stored instead of it. */
export function issueToken(): IssuedToken {
  const keyId = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  return {
    keyId,
    token: `${TOKEN_PREFIX}${keyId.replaceAll('-', '')}_${secret}`,
    secretHash: hashSecret(secret),
  };
}

/** The key id and secret of a well-formed token; undefined for anything else. */
export function parseToken(token: string): { keyId: string; secret: string } | undefined {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return undefined;
  const hex = match[1];
  const keyId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { keyId, secret: match[2] };
}

/** SHA-256 suffices: secrets are 256 random bits, not passwords to stretch. */
export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** Both are SHA-256 digests, so the lengths match and the comparison takes the same time. */
export function secretMatches(secret: string, storedHash: Buffer): boolean {
  return timingSafeEqual(hashSecret(secret), storedHash);
}
