import * as net from 'node:net';
import * as path from 'node:path';

/** The service's settings, read from the environment once at start and checked together. */
export interface AppConfig {
  port: number;
  /** Loopback unless HOST opens it (the container sets 0.0.0.0). */
  host: string;
  /** Unset: Vigil runs an embedded PostgreSQL under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  /** Seeds the first admin key (API keys are made with it). */
  adminToken?: string;
  /** Requests a minute per API key, by the key's role; `unauthenticated` counts per client address. */
  rateLimits: Record<'admin' | 'security-officer' | 'auditor' | 'ci' | 'unauthenticated', number>;
  /**
   * The reverse proxies whose X-Forwarded-For names the client: addresses, CIDR ranges, or
   * proxy-addr's names loopback, linklocal, uniquelocal. Unset: the connection's address is the
   * client's and the header is ignored, since anyone can send it.
   */
  trustProxy?: string[];
  /** Origins browsers may call the API from; none (CORS closed) unless configured. */
  corsOrigins: string[];
  /** Largest request body, in bytes (a scan upload). */
  maxUploadBytes: number;
  maxManifestsPerScan: number;
  /** Findings one scan may report before it is refused (413): a runaway manifest, not an estate. */
  maxFindingsPerScan: number;
  /** A complete scan that fixes more than this share of the open findings without their files warns. */
  massFixWarningShare: number;
  /** How often expired risk acceptances are reopened. */
  waiverSweepSeconds: number;
  logLevel: string;
  /** Longest time to receive a whole request, headers and body (a 50 MB upload on a slow link). */
  requestTimeoutMs: number;
  /** Longest time to receive a request's headers. */
  headersTimeoutMs: number;
  /** A client silent this long while sending its request, or while reading the answer, is cut off. */
  idleTimeoutMs: number;
  /** How long an idle keep-alive connection stays open; above a load balancer's idle timeout. */
  keepAliveTimeoutMs: number;
  /** Longest SQL statement a request may run; migrations lift it, long work raises it (allowLongStatements). */
  statementTimeoutMs: number;
  /** PEM files reports are signed with; unset: a key and certificate made at first start under dataDir. */
  reportSigning?: { keyFile: string; certificateFile: string };
  /** The built web console served at / (tests point it at a stand-in build, or at nothing). */
  consoleDir: string;
}

/**
 * Where `npm run build` puts the web console (console/vite.config.mjs): dist/console of this
 * install, the same folder from the compiled service (dist/config) and the sources (src/config).
 */
export const CONSOLE_DIR = path.join(__dirname, '..', '..', 'dist', 'console');

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * VIGIL_TRUST_PROXY: `10.0.0.0/8, loopback`. Only named proxies: trusting every sender, or a
 * hop count (which Fastify no longer honours), would let a client name any address and step out
 * of the per-address rate limit.
 */
function trustedProxies(raw: string | undefined, problems: string[]): string[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of entries) {
    if (!PROXY_RANGE_NAMES.includes(entry) && !isAddressOrRange(entry)) {
      problems.push(
        `VIGIL_TRUST_PROXY: '${entry}' is not a proxy address, a CIDR range such as 10.0.0.0/8, or one of ${PROXY_RANGE_NAMES.join(', ')}`,
      );
    }
  }
  return entries;
}

function isAddressOrRange(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got '${raw}'`);
      return fallback;
    }
    return value;
  };
  const config: AppConfig = {
    port: integer('PORT', 3000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.VIGIL_DATA_DIR || '.vigil'),
    consoleDir: CONSOLE_DIR,
    adminToken: env.VIGIL_ADMIN_TOKEN || undefined,
    rateLimits: {
      admin: integer('VIGIL_RATE_LIMIT_ADMIN', 6000, 1, 10_000_000),
      'security-officer': integer('VIGIL_RATE_LIMIT_SECURITY_OFFICER', 6000, 1, 10_000_000),
      auditor: integer('VIGIL_RATE_LIMIT_AUDITOR', 3000, 1, 10_000_000),
      ci: integer('VIGIL_RATE_LIMIT_CI', 600, 1, 10_000_000),
      unauthenticated: integer('VIGIL_RATE_LIMIT_UNAUTHENTICATED', 120, 1, 10_000_000),
    },
    corsOrigins: (env.VIGIL_CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ''),
    maxUploadBytes: integer('VIGIL_MAX_UPLOAD_BYTES', 50 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxManifestsPerScan: integer('VIGIL_MAX_MANIFESTS_PER_SCAN', 5000, 1, 1_000_000),
    maxFindingsPerScan: integer('VIGIL_MAX_FINDINGS_PER_SCAN', 200_000, 1, 10_000_000),
    massFixWarningShare: integer('VIGIL_MASS_FIX_WARNING_PERCENT', 50, 0, 100) / 100,
    waiverSweepSeconds: integer('VIGIL_WAIVER_SWEEP_SECONDS', 60, 1, 86_400),
    logLevel: env.LOG_LEVEL || 'info',
    requestTimeoutMs: 1000 * integer('VIGIL_REQUEST_TIMEOUT_SECONDS', 120, 1, 3600),
    headersTimeoutMs: 1000 * integer('VIGIL_HEADERS_TIMEOUT_SECONDS', 10, 1, 600),
    idleTimeoutMs: 1000 * integer('VIGIL_IDLE_TIMEOUT_SECONDS', 10, 1, 600),
    keepAliveTimeoutMs: 1000 * integer('VIGIL_KEEP_ALIVE_TIMEOUT_SECONDS', 72, 1, 3600),
    statementTimeoutMs: integer('VIGIL_STATEMENT_TIMEOUT_MS', 5000, 100, 3_600_000),
  };
  const trustProxy = trustedProxies(env.VIGIL_TRUST_PROXY, problems);
  if (trustProxy !== undefined) config.trustProxy = trustProxy;
  const signingKey = env.VIGIL_REPORT_SIGNING_KEY || undefined;
  const signingCertificate = env.VIGIL_REPORT_SIGNING_CERT || undefined;
  if (signingKey && signingCertificate) {
    config.reportSigning = {
      keyFile: path.resolve(signingKey),
      certificateFile: path.resolve(signingCertificate),
    };
  } else if (signingKey || signingCertificate) {
    problems.push(
      'VIGIL_REPORT_SIGNING_KEY and VIGIL_REPORT_SIGNING_CERT go together: set both PEM files, or neither',
    );
  }
  // Node refuses a headers timeout longer than the whole request's.
  if (config.headersTimeoutMs > config.requestTimeoutMs)
    problems.push('VIGIL_HEADERS_TIMEOUT_SECONDS must not exceed VIGIL_REQUEST_TIMEOUT_SECONDS');
  if (config.databaseUrl && !/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    problems.push('DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/vigil');
  }
  if (config.adminToken !== undefined && config.adminToken.length < 16) {
    problems.push('VIGIL_ADMIN_TOKEN must be at least 16 characters');
  }
  for (const origin of config.corsOrigins) {
    if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(origin))
      problems.push(`VIGIL_CORS_ORIGINS: '${origin}' is not an origin such as https://vigil.example.com`);
  }
  if (!LOG_LEVELS.includes(config.logLevel))
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
