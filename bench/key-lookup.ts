import 'reflect-metadata';
import { scopeFor } from '../src/auth/access-scope';
import { ApiKeyAuthenticator } from '../src/auth/api-key-authenticator';
import { issueToken } from '../src/auth/api-key-token';
import type { ApiKeyRecord, ApiKeysRepository } from '../src/auth/api-keys.repository';
import { LastUseRecorder } from '../src/auth/last-use-recorder';
import { SystemClock } from '../src/common/clock';

const REQUESTS = 200_000;

/**
 * What authenticating and authorizing costs GET /findings once the key is cached (the case of
 * every request but one per key every few seconds): parse the header, hash the secret, compare
 * it in constant time, judge expiry and revocation, note the last use, ask the ability and read
 * its scope. The key's table is stood in for by one record: the cached path never reads it.
 */
export async function keyLookupRows(): Promise<[string, string, string][]> {
  const { keyId, token, secretHash } = issueToken();
  const record: ApiKeyRecord = {
    id: keyId,
    name: 'bench',
    role: 'security-officer',
    projects: ['p3', 'p7', 'p12'],
    secretHash,
    fromAdminToken: false,
    createdBy: 'bench',
    createdAt: new Date(),
    expiresAt: new Date(Date.now() + 86_400_000),
    revokedAt: null,
    revokedBy: null,
    lastUsedAt: null,
  };
  let reads = 0;
  const table = {
    byId: async () => (reads++, record),
    adminTokenKey: async () => undefined,
    recordLastUse: async () => undefined,
  } as unknown as ApiKeysRepository;
  const lastUse = new LastUseRecorder(table);
  const authenticator = new ApiKeyAuthenticator(table, lastUse, new SystemClock());
  const once = async () => {
    const authentication = await authenticator.authenticate({
      headers: { authorization: `Bearer ${token}` },
    } as never);
    if ('failure' in authentication) throw new Error(authentication.failure);
    if (!authentication.ability.can('read', 'Finding')) throw new Error('refused');
    return scopeFor(authentication.ability, 'read', 'Finding');
  };
  for (let i = 0; i < 10_000; i++) await once();
  const started = process.hrtime.bigint();
  for (let i = 0; i < REQUESTS; i++) await once();
  const micros = Number(process.hrtime.bigint() - started) / 1e3 / REQUESTS;
  await lastUse.onApplicationShutdown();
  return [
    [
      'API key lookup + authorization per request (cached key, security-officer on 3 projects)',
      `${micros.toFixed(1)} µs (${reads} table read${reads === 1 ? '' : 's'} for ${(REQUESTS + 10_000).toLocaleString('en')} requests)`,
      'no database round trip',
    ],
  ];
}
