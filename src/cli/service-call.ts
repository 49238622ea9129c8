import { formatProblem, type InputProblem } from '../core/input-error';
import { UsageError } from './usage-error';

/** Where the service is and how to prove who we are: flags, or VIGIL_SERVER / VIGIL_TOKEN. */
export interface ServiceAccess {
  server?: string;
  token?: string;
}

export function serviceUrl(
  access: ServiceAccess,
  path: string,
  flag = '--server',
): { url: URL; token: string; server: string } {
  const server = access.server ?? process.env.VIGIL_SERVER;
  if (!server) throw new UsageError(`${flag} is required (or VIGIL_SERVER)`);
  const token = access.token ?? process.env.VIGIL_TOKEN;
  if (!token) throw new UsageError(`${flag} needs --token (or VIGIL_TOKEN)`);
  try {
    return { url: new URL(path, server), token, server };
  } catch {
    throw new UsageError(`${flag} '${server}' is not a URL`);
  }
}

/** A failed fetch as the user should read it: the service could not be reached. */
export function unreachable(server: string, error: unknown): UsageError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return new UsageError(
    `cannot reach the Vigil service at ${server}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
  );
}

/**
 * The service's answer as JSON, or a UsageError (exit code 2) saying why there is none: a
 * refused token, input errors, or any other status, with the service's message.
 */
export async function answerOf(server: string, response: Response): Promise<Record<string, unknown>> {
  const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  const message = Array.isArray(body?.message)
    ? (body.message as string[]).join('; ')
    : String(body?.message ?? '');
  if (response.status === 401 || response.status === 403) {
    throw new UsageError(
      `the Vigil service at ${server} refused the token (HTTP ${response.status})${message ? `: ${message}` : ''}`,
    );
  }
  if (response.status === 422 && Array.isArray(body?.problems)) {
    const problems = (body.problems as InputProblem[]).map(formatProblem).join('\n');
    throw new UsageError(`the Vigil service found input errors:\n${problems}`);
  }
  if (!response.ok || !body) {
    throw new UsageError(
      `the Vigil service answered HTTP ${response.status}${message ? `: ${message}` : ''}`,
    );
  }
  return body;
}
