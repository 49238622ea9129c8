import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { defineAbilities, type AppAbility } from './abilities';
import { parseToken, secretMatches } from './api-key-token';
import { ApiKeysRepository, type ApiKeyRecord } from './api-keys.repository';
import { LastUseRecorder } from './last-use-recorder';
import type { AuthenticatedRequest, Principal } from './principal';

export type Authentication = { principal: Principal; ability: AppAbility } | { failure: string };

/** A key as requests need it: the record, and what is derived from it once. */
interface KnownKey {
  record: ApiKeyRecord;
  principal: Principal;
  ability: AppAbility;
}

interface CacheEntry {
  key: Promise<KnownKey | undefined>;
  loadedAtMs: number;
}

/**
 * How long a key read from the table is trusted. Revocation by this process takes effect at once
 * (forget); by another instance sharing the database, within this time. Expiry is judged on
 * every request.
 */
const CACHE_TTL_MS = 5_000;
/** Unknown ids are cached too (forged tokens must not cost a query each); the map stays bounded. */
const CACHE_MAX = 10_000;
/** The cache slot of the key VIGIL_ADMIN_TOKEN seeded. */
const ADMIN_TOKEN_SLOT = 'admin-token';

const MISSING = 'a bearer token is required (Authorization: Bearer <token>)';
const MALFORMED = 'the Authorization header must read "Bearer <token>"';
const INVALID = 'the bearer token is not a valid API key';

/**
 * Who a bearer token is: the key its id names, if the secret matches that key's hash (compared in
 * constant time) and the key is neither expired nor revoked. Keys are cached by id for a few
 * seconds, so GET /findings does not pay a database round trip to authenticate. A request is
 * authenticated once (the rate limiter and the guard both ask).
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly done = new WeakMap<object, Promise<Authentication>>();

  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly lastUse: LastUseRecorder,
    private readonly clock: Clock,
  ) {}

  authenticate(request: AuthenticatedRequest): Promise<Authentication> {
    let result = this.done.get(request);
    if (!result) {
      result = this.authenticateHeader(request.headers.authorization);
      this.done.set(request, result);
    }
    return result;
  }

  /** Drops a key from the cache: a revocation takes effect with the next request. */
  forget(keyId: string): void {
    this.cache.delete(keyId);
    this.cache.delete(ADMIN_TOKEN_SLOT);
  }

  private async authenticateHeader(header: string | undefined): Promise<Authentication> {
    if (header === undefined || header === '') return { failure: MISSING };
    const match = /^Bearer +(\S+)$/i.exec(header);
    if (!match) return { failure: MALFORMED };
    const token = match[1];
    const parsed = parseToken(token);
    // Anything not shaped like a key may be the admin token of configuration (any format).
    const known = parsed ? await this.lookup(parsed.keyId) : await this.lookup(ADMIN_TOKEN_SLOT);
    if (!known || !secretMatches(parsed ? parsed.secret : token, known.record.secretHash))
      return { failure: INVALID };
    const now = this.clock.now();
    if (known.record.revokedAt) return { failure: 'this API key has been revoked' };
    if (known.record.expiresAt && known.record.expiresAt <= now)
      return { failure: `this API key expired at ${known.record.expiresAt.toISOString()}` };
    this.lastUse.used(known.record.id, now);
    return { principal: known.principal, ability: known.ability };
  }

  private lookup(slot: string): Promise<KnownKey | undefined> {
    const nowMs = performance.now();
    const cached = this.cache.get(slot);
    if (cached && nowMs - cached.loadedAtMs < CACHE_TTL_MS) return cached.key;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    const key = this.load(slot);
    this.cache.set(slot, { key, loadedAtMs: nowMs });
    // A failed read is not remembered.
    key.catch(() => this.cache.delete(slot));
    return key;
  }

  private async load(slot: string): Promise<KnownKey | undefined> {
    const record = slot === ADMIN_TOKEN_SLOT ? await this.keys.adminTokenKey() : await this.keys.byId(slot);
    if (!record) return undefined;
    const principal: Principal = {
      keyId: record.id,
      name: record.name,
      role: record.role,
      projects: record.projects,
    };
    return { record, principal, ability: defineAbilities(principal) };
  }
}
