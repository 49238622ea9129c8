import { answerOf, serviceUrl, unreachable, type ServiceAccess } from './service-call';

/** An API key as GET /api-keys lists it. */
interface ApiKey {
  id: string;
  name: string;
  role: string;
  projects: string[] | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface KeysOptions extends ServiceAccess {
  format?: 'table' | 'json';
}

const TIMEOUT_MS = 30_000;

async function call(options: ServiceAccess, method: string, path: string, body?: object) {
  const { url, token, server } = serviceUrl(options, path);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw unreachable(server, error);
  }
  return answerOf(server, response);
}

const print = (text: string) => process.stdout.write(text);

/** `vigil keys create`: the token is printed once, on standard output, for a secret store to take. */
export async function createKey(
  options: KeysOptions & { name: string; role: string; project: string[]; expires?: string },
): Promise<number> {
  const key = await call(options, 'POST', '/api/v1/api-keys', {
    name: options.name,
    role: options.role,
    projects: options.project.length > 0 ? options.project : undefined,
    expiresAt: options.expires,
  });
  if (options.format === 'json') print(`${JSON.stringify(key, null, 2)}\n`);
  else {
    process.stderr.write(
      `vigil: created ${key.role} key ${key.name} (${key.id}); the token below is shown this once\n`,
    );
    print(`${key.token}\n`);
  }
  return 0;
}

export async function listKeys(options: KeysOptions): Promise<number> {
  const keys: ApiKey[] = [];
  let cursor: string | null = null;
  do {
    const page = await call(options, 'GET', `/api/v1/api-keys?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    keys.push(...(page.items as ApiKey[]));
    cursor = page.nextCursor as string | null;
  } while (cursor);
  if (options.format === 'json') {
    print(`${JSON.stringify(keys, null, 2)}\n`);
    return 0;
  }
  const rows = [
    ['ID', 'NAME', 'ROLE', 'PROJECTS', 'EXPIRES', 'LAST USED', 'REVOKED'],
    ...keys.map((key) => [
      key.id,
      key.name,
      key.role,
      key.projects?.join(',') ?? '*',
      key.expiresAt ?? '-',
      key.lastUsedAt ?? '-',
      key.revokedAt ?? '-',
    ]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  print(
    rows
      .map((row) =>
        row
          .map((cell, column) => cell.padEnd(widths[column]))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n',
  );
  return 0;
}

export async function revokeKey(id: string, options: KeysOptions): Promise<number> {
  const key = await call(options, 'DELETE', `/api/v1/api-keys/${encodeURIComponent(id)}`);
  process.stderr.write(`vigil: key ${key.name} (${key.id}) revoked at ${key.revokedAt}\n`);
  return 0;
}
