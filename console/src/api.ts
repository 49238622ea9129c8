/** The console's one way to the API: /api/v1 on the same origin, the key as a bearer token. */

// The API's own lists (plain data files of the service, bundled in): one owner for each.
import { SEVERITIES, type Severity } from '../../src/core/severity';
import { FINDING_STATUSES, type FindingStatus } from '../../src/findings/lifecycle/finding-lifecycle';
import { FINDING_SORTS, type FindingSort } from '../../src/findings/finding-sort';
import { FRAMEWORK_KEYS, REPORT_FORMATS } from '../../src/compliance-report/report-model';

export { FINDING_SORTS, FINDING_STATUSES, FRAMEWORK_KEYS, REPORT_FORMATS, SEVERITIES };
export type { FindingSort, FindingStatus, Severity };

export type Role = 'admin' | 'security-officer' | 'auditor' | 'ci';

export interface Me {
  keyId: string | null;
  name: string;
  role: Role;
  projects: string[] | null;
  /** "action:Subject" pairs the key's role has (abilities.ts decides; the console only mirrors). */
  permissions: string[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Finding {
  id: string;
  project: string;
  severity: Severity;
  status: FindingStatus;
  line: number;
  column: number;
  riskAcceptedUntil: string | null;
  inlineSuppression: unknown;
  firstSeenAt: string;
  lastSeenAt: string;
  firstSeenScanId: string;
  lastSeenScanId: string;
  fingerprint: string;
  ruleId: string;
  module: string;
  title: string;
  resource: { type: string; id: string };
  manifest: string;
  file: string;
  pointer: string;
  message: string;
  assignee: string | null;
}

export interface Waiver {
  id: string;
  findingId: string;
  kind: 'false_positive' | 'risk_accepted';
  state: 'requested' | 'approved' | 'rejected' | 'lapsed';
  justification: string;
  expiresAt: string | null;
  requestedBy: string;
  requestedByKeyId: string | null;
  requestedAt: string;
  decidedBy: string | null;
  decidedByKeyId: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  evidenceHash: string | null;
  endedAt: string | null;
  endCause: string | null;
}

export interface FindingEvent {
  type: string;
  actor: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  scanId: string | null;
  at: string;
}

export interface JsonPatchOperation {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

export interface FindingDetail extends Finding {
  evidence: Record<string, unknown>;
  witnessPath: { flow: string; from: string; to: string }[] | null;
  references: { framework: string; id: string }[];
  remediation: string;
  fix: { description: string; patch: JsonPatchOperation[] } | null;
  waiver: Waiver | null;
  history: FindingEvent[];
}

export interface Remediation {
  findingId: string;
  ruleId: string;
  guidance: string;
  fix: { description: string; patch: JsonPatchOperation[] } | null;
  manifest: { file: string; pointer: string; excerptBefore: string; excerptAfter: string | null } | null;
  error?: string;
}

export interface FindingChange {
  status?: FindingStatus;
  assignee?: string | null;
  note?: string;
  justification?: string;
  expiresAt?: string;
}

/** An answer other than 2xx: the status and the API's own message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

function messageOf(status: number, body: unknown): string {
  if (body && typeof body === 'object' && 'message' in body) {
    const message = (body as { message: unknown }).message;
    if (Array.isArray(message)) return message.join('; ');
    if (typeof message === 'string') return message;
  }
  return `HTTP ${status}`;
}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  send<T>(
    method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  /** The raw response (downloads). */
  raw(path: string, init?: RequestInit): Promise<Response>;
}

export function apiClient(token: string, onUnauthorized: () => void): ApiClient {
  const raw = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    headers.set('Authorization', `Bearer ${token}`);
    const response = await fetch(`/api/v1${path}`, { ...init, headers, cache: 'no-store' });
    if (response.status === 401) onUnauthorized();
    return response;
  };
  const call = async <T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> => {
    const response = await raw(path, init);
    const text = await response.text();
    const body = text ? (JSON.parse(text) as unknown) : null;
    if (!response.ok) throw new ApiError(response.status, messageOf(response.status, body), body);
    return { status: response.status, body: body as T };
  };
  return {
    get: async <T>(path: string) => (await call<T>(path)).body,
    send: <T>(method: string, path: string, body?: unknown) =>
      call<T>(path, {
        method,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    raw,
  };
}

/** Checks a key before it is kept: GET /auth/me with it. */
export async function whoIs(token: string): Promise<Me> {
  return apiClient(token, () => {}).get<Me>('/auth/me');
}

/** `?a=1&b=x` from the set values of an object (arrays comma-joined). */
export function queryString(params: Record<string, string | string[] | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(name, value.join(','));
    } else search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface FindingCounts {
  total: number;
  bySeverity: Record<Severity, number>;
  byStatus: Record<FindingStatus, number>;
}

export interface Scan {
  id: string;
  project: string;
  ref: string | null;
  commit: string | null;
  complete: boolean;
  createdAt: string;
  verdict: 'pass' | 'fail';
  failOn: string;
  summary: {
    bySeverity: Record<Severity, number>;
    new: number;
    existing: number;
    fixed: number;
    reopened: number;
  };
}

export interface Report {
  id: string;
  project: string;
  framework: string;
  format: string;
  period: { from: string | null; to: string };
  generatedAt: string;
  generatedBy: string;
  mediaType: string;
  sha256: string;
  size: number;
  links: { download: string; signature: string; certificate: string };
}

export interface ReportVerification {
  valid: boolean;
  reason?: string;
  sha256: string;
  signingTime?: string;
  signer?: { subject: string; fingerprintSha256: string; validFrom: string; validTo: string };
  signerTrusted: boolean;
  storedReportId: string | null;
}
