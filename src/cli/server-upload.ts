import type { Agent } from 'undici';
import { answerOf, serviceUrl, unreachable } from './service-call';
import { UsageError } from './usage-error';

export interface ServerOptions {
  server: string;
  token?: string;
  project?: string;
  ref?: string;
  commit?: string;
  /** How long to wait for the verdict, in seconds (a large estate takes the service minutes). */
  serverTimeout?: string;
  failOn: string;
}

interface ScanChange {
  ruleId: string;
  severity: string;
  resource: { type: string; id: string };
  file: string;
  line: number;
  message: string;
}

export interface ServerVerdict {
  id: string;
  verdict: 'pass' | 'fail';
  failOn: string;
  summary: { new: number; existing: number; fixed: number; reopened: number };
  newFindings: ScanChange[];
  reopenedFindings: ScanChange[];
  fixedFindings: ScanChange[];
  /** What the service says about the scan itself (an older service sends none). */
  warnings?: { code: string; message: string; count: number }[];
}

const DEFAULT_TIMEOUT_SECONDS = 600;

/**
 * `vigil scan --server`: sends the scanned files to a Vigil service, which records the scan
 * and judges it against the project's history (waivers, known findings). Any failure to get a
 * verdict is exit code 2, never a silent pass.
 */
export async function uploadScan(
  options: ServerOptions,
  files: Iterable<{ path: string; content: string }>,
): Promise<ServerVerdict> {
  const { url, token } = serviceUrl({ server: options.server, token: options.token }, '/api/v1/scans');
  if (!options.project) throw new UsageError('--server needs --project');
  const timeoutSeconds = options.serverTimeout === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(options.serverTimeout);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1) {
    throw new UsageError(`--server-timeout '${options.serverTimeout}' is not a whole number of seconds`);
  }
  // Node's fetch gives up after 300 s without response headers, whatever the signal allows: a
  // large estate's verdict took longer (5,000 dense manifests), so the wait is --server-timeout's.
  // Loaded here, not at the top: every local scan would pay for loading undici at its start.
  const { Agent } = await import('undici');
  const dispatcher = new Agent({ headersTimeout: timeoutSeconds * 1000, bodyTimeout: timeoutSeconds * 1000 });
  try {
    return await post(url, token, options, files, timeoutSeconds, dispatcher);
  } finally {
    await dispatcher.close();
  }
}

async function post(
  url: URL,
  token: string,
  options: ServerOptions,
  files: Iterable<{ path: string; content: string }>,
  timeoutSeconds: number,
  dispatcher: Agent,
): Promise<ServerVerdict> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: scanBody(options, files),
      // A streamed request body: Node's fetch needs to be told it will not read the answer meanwhile.
      duplex: 'half',
      signal: AbortSignal.timeout(timeoutSeconds * 1000),
      dispatcher,
    } as RequestInit);
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if ((error as Error).name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT') {
      throw new UsageError(
        `the Vigil service at ${options.server} gave no verdict within ${timeoutSeconds} s (--server-timeout); the scan may still be recorded there`,
      );
    }
    throw unreachable(options.server, error);
  }
  return (await answerOf(options.server, response)) as unknown as ServerVerdict;
}

/**
 * The JSON of POST /api/v1/scans, produced a file at a time as the request is sent, so the CLI
 * never holds every manifest's text, nor the whole body as one string.
 */
function scanBody(
  options: ServerOptions,
  files: Iterable<{ path: string; content: string }>,
): ReadableStream<Uint8Array> {
  const head = JSON.stringify({
    project: options.project,
    ref: options.ref,
    commit: options.commit,
    failOn: options.failOn,
  });
  const encoder = new TextEncoder();
  let iterator: Iterator<{ path: string; content: string }> | undefined;
  let first = true;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!iterator) {
        iterator = files[Symbol.iterator]();
        controller.enqueue(encoder.encode(`${head.slice(0, -1)},"manifests":[`));
        return;
      }
      const next = iterator.next();
      if (next.done) {
        controller.enqueue(encoder.encode(']}'));
        controller.close();
        return;
      }
      const { path, content } = next.value;
      controller.enqueue(encoder.encode(`${first ? '' : ','}${JSON.stringify({ path, content })}`));
      first = false;
    },
  });
}

/** What CI logs show: the verdict, what is new or back, and what got fixed. */
export function describeVerdict(verdict: ServerVerdict, server: string): string {
  const { summary } = verdict;
  const line = (change: ScanChange) =>
    `  ${change.severity.toUpperCase().padEnd(8)} ${change.ruleId}  ${change.resource.type}/${change.resource.id}  ${change.file}:${change.line}\n    ${change.message}`;
  const lines = [
    `vigil: ${server} recorded scan ${verdict.id}: ${verdict.verdict.toUpperCase()} (fail on ${verdict.failOn}); ` +
      `${summary.new} new, ${summary.reopened} reopened, ${summary.fixed} fixed, ${summary.existing} unchanged`,
  ];
  // A scan that fixed what it was never given is the mark of a job pointed at the wrong folder.
  for (const warning of verdict.warnings ?? []) lines.push(`vigil: WARNING: ${warning.message}`);
  if (verdict.newFindings.length) lines.push('New findings:', ...verdict.newFindings.map(line));
  if (verdict.reopenedFindings.length)
    lines.push('Reopened findings:', ...verdict.reopenedFindings.map(line));
  if (verdict.fixedFindings.length) {
    lines.push(
      'Fixed:',
      ...verdict.fixedFindings.map(
        (change) => `  ${change.ruleId}  ${change.resource.type}/${change.resource.id}`,
      ),
    );
  }
  return lines.join('\n') + '\n';
}
