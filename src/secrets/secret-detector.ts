import { toPointer } from '../json-pointer/json-pointer';
import { maskSecret } from './mask';

export type SecretKind =
  | 'private-key'
  | 'aws-access-key-id'
  | 'github-token'
  | 'gitlab-token'
  | 'slack-token'
  | 'stripe-live-key'
  | 'openai-api-key'
  | 'anthropic-api-key'
  | 'google-api-key'
  | 'jwt'
  | 'url-credentials'
  /** A literal value under a password-like key (`password`, `passwd`, `pwd`, `passphrase`). */
  | 'password'
  /** A random-looking value under another secret-like key (`token`, `secret`, `apiKey`...). */
  | 'high-entropy';

/** A secret found in a manifest document. Carries the masked form only: the raw value stays in the document. */
export interface SecretHit {
  /** JSON Pointer (RFC 6901) of the string that holds the secret. */
  pointer: string;
  /** The property name holding it (for an array item, the array's property); '' at the root. */
  key: string;
  kind: SecretKind;
  masked: string;
}

/**
 * Every secret in a parsed manifest document, in document order: known token formats anywhere in
 * any string, and literal values under secret-like keys. One hit per kind and mask within a string.
 * Object keys themselves are not searched (a pointer to a secret key would quote the secret).
 */
export function findSecrets(document: unknown): SecretHit[] {
  const hits: SecretHit[] = [];
  const path: (string | number)[] = [];
  const ancestors = new Set<object>(); // YAML aliases can make a node its own descendant

  const visit = (node: unknown, key: string, parentKey: string, siblingName: string | undefined): void => {
    if (typeof node === 'string') {
      if (node.length < MIN_SECRET_LENGTH) return;
      const found = detectInString(node, secretKeyClass(key, parentKey, siblingName));
      if (found.length === 0) return;
      const pointer = toPointer(path);
      const seen = new Set<string>();
      for (const { kind, secret } of found) {
        const masked = maskSecret(secret);
        if (seen.has(kind + masked)) continue;
        seen.add(kind + masked);
        hits.push({ pointer, key, kind, masked });
      }
      return;
    }
    if (node === null || typeof node !== 'object' || ancestors.has(node)) return;
    ancestors.add(node);
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        path.push(index);
        visit(node[index], key, parentKey, undefined);
        path.pop();
      }
    } else if (isPlainObject(node)) {
      // A `{ name: DB_PASSWORD, value: ... }` pair (environment variables) names what its value is.
      const name = typeof node.name === 'string' ? node.name : undefined;
      for (const property of Object.keys(node)) {
        path.push(property);
        visit(node[property], property, key, name);
        path.pop();
      }
    }
    ancestors.delete(node);
  };

  visit(document, '', '', undefined);
  return hits;
}

/**
 * The known-format tokens within a string, as written: what masking searches a file's text for
 * besides the whole value (a token inside a folded block, a comment quoting it). Private keys are
 * left out: they are masked line by line from the whole value.
 */
export function tokenTexts(value: string): string[] {
  return detectInString(value, undefined)
    .filter((detection) => detection.kind !== 'private-key')
    .map((detection) => detection.secret);
}

/** Shorter strings hold none of the formats below (the shortest, a URL with a password, needs 8+). */
const MIN_SECRET_LENGTH = 8;

interface Detection {
  kind: SecretKind;
  /** The matched text: what the mask is made from. */
  secret: string;
}

function detectInString(value: string, keyClass: KeyClass | undefined): Detection[] {
  const found: Detection[] = [];
  let text = value;
  if (text.includes('-----BEGIN ')) {
    found.push(...privateKeyBlocks(text));
    text = withoutPemBlocks(text);
  }
  if (TOKEN_PREFILTER.test(text)) {
    for (const detector of TOKEN_DETECTORS) {
      if (!detector.markers.some((marker) => text.includes(marker))) continue;
      detector.pattern.lastIndex = 0;
      for (let match = detector.pattern.exec(text); match; match = detector.pattern.exec(text)) {
        if (!detector.accept || detector.accept(match)) found.push({ kind: detector.kind, secret: match[0] });
      }
    }
  }
  if (found.length === 0 && keyClass && isLiteralSecret(value, keyClass)) {
    found.push({ kind: keyClass === 'password' ? 'password' : 'high-entropy', secret: value.trim() });
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Known formats. Each pattern starts with a literal prefix and has one bounded character class per
// part, so a match attempt costs at most a few hundred steps (no nested quantifiers, no backtracking
// blow-up). A string is only matched against the patterns whose literal marker it contains.

interface TokenDetector {
  kind: SecretKind;
  markers: string[];
  pattern: RegExp;
  /** Rejects placeholders and look-alikes that the pattern alone lets through. */
  accept?: (match: RegExpExecArray) => boolean;
}

const TOKEN_PREFILTER =
  /AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|xox[abposr]-|xapp-|k_live_|sk-|AIza|eyJ|:\/\//;

const TOKEN_DETECTORS: TokenDetector[] = [
  {
    kind: 'aws-access-key-id',
    markers: ['AKIA', 'ASIA'],
    pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
    // AKIAIOSFODNN7EXAMPLE and its kin are AWS's documentation placeholders.
    accept: (match) => !match[0].endsWith('EXAMPLE') && variedBody(match[0].slice(4)),
  },
  {
    kind: 'github-token',
    markers: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    pattern: /\bgh[pousr]_[A-Za-z0-9]{36,251}\b/g,
    accept: (match) => variedBody(match[0].slice(4)),
  },
  {
    kind: 'github-token',
    markers: ['github_pat_'],
    pattern: /\bgithub_pat_[A-Za-z0-9_]{22,244}\b/g,
    accept: (match) => variedBody(match[0].slice(11)),
  },
  {
    kind: 'gitlab-token',
    markers: ['glpat-'],
    pattern: /\bglpat-[A-Za-z0-9_-]{20,250}/g,
    accept: (match) => variedBody(match[0].slice(6)),
  },
  {
    kind: 'slack-token',
    markers: ['xox'],
    pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,250}/g,
    accept: (match) => variedBody(match[0].slice(5)),
  },
  {
    kind: 'slack-token',
    markers: ['xapp-'],
    pattern: /\bxapp-[A-Za-z0-9-]{10,250}/g,
    accept: (match) => variedBody(match[0].slice(5)),
  },
  {
    kind: 'stripe-live-key',
    markers: ['sk_live_', 'rk_live_'],
    pattern: /\b[rs]k_live_[A-Za-z0-9]{16,247}\b/g,
    accept: (match) => variedBody(match[0].slice(8)),
  },
  {
    kind: 'anthropic-api-key',
    markers: ['sk-ant-'],
    pattern: /\bsk-ant-[A-Za-z0-9_-]{32,250}/g,
    accept: (match) => randomLooking(match[0].slice(7)),
  },
  {
    // Legacy `sk-` + 48, and the project, service-account and admin keys. Names such as
    // `sk-learn-pipeline-...` also start with `sk-`: a key body mixes cases and digits, a name does not.
    kind: 'openai-api-key',
    markers: ['sk-'],
    pattern: /\bsk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,250}/g,
    accept: (match) => randomLooking(match[0].slice(3)),
  },
  {
    kind: 'google-api-key',
    markers: ['AIza'],
    pattern: /\bAIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g,
    accept: (match) => variedBody(match[0].slice(4)),
  },
  {
    // header.payload.signature, both JSON parts base64url-encoded (so starting `eyJ`, i.e. `{"`).
    kind: 'jwt',
    markers: ['eyJ'],
    pattern: /\beyJ[A-Za-z0-9_-]{10,8192}\.eyJ[A-Za-z0-9_-]{10,65536}\.[A-Za-z0-9_-]{16,2048}/g,
    accept: (match) => Buffer.from(match[0].slice(0, match[0].indexOf('.')), 'base64url').includes('"alg"'),
  },
  {
    kind: 'url-credentials',
    markers: ['://'],
    pattern: /[a-z][a-z0-9+.-]{0,30}:\/\/[^\s:@/?#]{0,64}:([^\s@/?#]{1,256})@[^\s@/?#]{1,253}/gi,
    accept: (match) => !isPlaceholder(decodeURIComponentSafe(match[1])),
  },
];

/** At least 6 distinct characters: rejects `xxxxxxxx...`, `00000000...` and other fillers. */
function variedBody(body: string): boolean {
  return new Set(body).size >= 6;
}

/** Upper case, lower case and digits, and no filler: what generated API keys look like, and names do not. */
function randomLooking(body: string): boolean {
  return (
    /[a-z]/.test(body) && /[A-Z]/.test(body) && /[0-9]/.test(body) && variedBody(body) && !isPlaceholder(body)
  );
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `-----BEGIN ... PRIVATE KEY-----` (PKCS#1, PKCS#8, EC, OpenSSH, encrypted, PGP) followed by key material. */
const PRIVATE_KEY_BEGIN = /-----BEGIN ((?:[A-Z0-9]+ ){0,3})PRIVATE KEY( BLOCK)?-----/g;

function privateKeyBlocks(text: string): Detection[] {
  const found: Detection[] = [];
  PRIVATE_KEY_BEGIN.lastIndex = 0;
  for (let match = PRIVATE_KEY_BEGIN.exec(text); match; match = PRIVATE_KEY_BEGIN.exec(text)) {
    const bodyStart = match.index + match[0].length;
    // Key material starts right after the header (after at most a few encryption header lines)
    // and holds no dashes: it ends at the next PEM line, whichever that is.
    const nextPemLine = text.indexOf('-----', bodyStart);
    const body = text.slice(bodyStart, Math.min(nextPemLine < 0 ? text.length : nextPemLine, bodyStart + 512));
    // A sentence that merely mentions the header ("never paste a -----BEGIN PRIVATE KEY----- here") has no key material.
    if (/[A-Za-z0-9+/=]{32}/.test(body)) found.push({ kind: 'private-key', secret: match[0] });
  }
  return found;
}

/** A PEM label (`CERTIFICATE`, `RSA PRIVATE KEY`) is short; a longer run is not a PEM line. */
const MAX_PEM_LABEL = 40;

/**
 * Complete PEM blocks are removed before looking for tokens in a value: certificates and public keys
 * are not secrets, and a private key is already reported whole (its base64 must not yield stray tokens).
 * END lines are indexed once, so text full of unmatched BEGIN lines still costs one pass.
 */
function withoutPemBlocks(text: string): string {
  const ends = new Map<string, { positions: number[]; next: number }>();
  for (let at = text.indexOf('-----END '); at >= 0; at = text.indexOf('-----END ', at + 9)) {
    const label = pemLabel(text, at + 9);
    if (label === undefined) continue;
    const entry = ends.get(label) ?? { positions: [], next: 0 };
    entry.positions.push(at);
    ends.set(label, entry);
  }
  if (ends.size === 0) return text;
  let result = '';
  let copied = 0;
  let searchFrom: number;
  for (let begin = text.indexOf('-----BEGIN '); begin >= 0; begin = text.indexOf('-----BEGIN ', searchFrom)) {
    searchFrom = begin + 11;
    const label = pemLabel(text, begin + 11);
    const entry = label === undefined ? undefined : ends.get(label);
    if (label === undefined || entry === undefined) continue;
    while (entry.next < entry.positions.length && entry.positions[entry.next] < begin) entry.next++;
    if (entry.next === entry.positions.length) continue;
    result += text.slice(copied, begin) + ' ';
    copied = searchFrom = entry.positions[entry.next] + `-----END ${label}-----`.length;
  }
  return result + text.slice(copied);
}

/** The label of a `-----BEGIN LABEL-----` line whose label starts at `at`. */
function pemLabel(text: string, at: number): string | undefined {
  const close = text.slice(at, at + MAX_PEM_LABEL + 5).indexOf('-----');
  return close > 0 ? text.slice(at, at + close) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Literal values under secret-like keys.

type KeyClass = 'password' | 'secret';

/**
 * Keys are compared lower-cased without separators, by their ending: `clientSecret`, `db_password`,
 * `X-Api-Key` qualify; `secretRef`, `tokenUrl`, `passwordPolicy`, `credentialType` do not.
 */
const PASSWORD_ENDINGS = ['password', 'passwords', 'passwd', 'passphrase', 'pwd'];
const SECRET_ENDINGS = [
  'secret',
  'secrets',
  'token',
  'tokens',
  'apikey',
  'apikeys',
  'accesskey',
  'secretkey',
  'privatekey',
  'signingkey',
  'encryptionkey',
  'masterkey',
  'credential',
  'credentials',
  'authorization',
];
/** Generic names whose meaning comes from the enclosing key: `credential: { value: ... }`. */
const VALUE_KEYS = new Set(['value', 'key', 'data', 'raw', 'plaintext']);

const keyClasses = new Map<string, KeyClass | null>();

function classifyKey(key: string): KeyClass | undefined {
  let keyClass = keyClasses.get(key);
  if (keyClass === undefined) {
    const normal = key.toLowerCase().replace(/[^a-z0-9]/g, '');
    keyClass = PASSWORD_ENDINGS.some((ending) => normal.endsWith(ending))
      ? 'password'
      : SECRET_ENDINGS.some((ending) => normal.endsWith(ending))
        ? 'secret'
        : null;
    if (keyClasses.size > 10_000) keyClasses.clear(); // keys repeat; a pathological document must not grow this
    keyClasses.set(key, keyClass);
  }
  return keyClass ?? undefined;
}

function secretKeyClass(
  key: string,
  parentKey: string,
  siblingName: string | undefined,
): KeyClass | undefined {
  const own = classifyKey(key);
  if (own || !VALUE_KEYS.has(key.toLowerCase())) return own;
  return classifyKey(parentKey) ?? (siblingName !== undefined ? classifyKey(siblingName) : undefined);
}

/**
 * Thresholds (bits per character, Shannon entropy over the value's own characters):
 * - secret-like keys: length >= 16 and >= 3.0. Measured on random values: 16 base62 characters have a
 *   1st percentile of 3.33, 32 hex characters (a very common key format) 3.27 — with 3.5, a quarter
 *   of 32-hex keys and 5% of 16-char keys would slip through. Names and references that reach this
 *   level (`user.authorization.credentials` 3.78, `etl-bot-service-account` 3.61) are excluded by
 *   shape below, not by entropy.
 * - password-like keys: length >= 8 and >= 2.5. Any literal password is a leak, weak ones included
 *   (`Summer2024!` 3.10, `s3cr3tP4ss` 2.65); only fillers such as `aaaa1111` stay below.
 */
const THRESHOLDS: Record<KeyClass, { minLength: number; minEntropy: number }> = {
  secret: { minLength: 16, minEntropy: 3.0 },
  password: { minLength: 8, minEntropy: 2.5 },
};

function isLiteralSecret(raw: string, keyClass: KeyClass): boolean {
  let value = raw.trim();
  const authScheme = /^(?:bearer|basic|token)\s+(\S+)$/i.exec(value);
  if (authScheme) value = authScheme[1];
  const { minLength, minEntropy } = THRESHOLDS[keyClass];
  if (value.length < minLength) return false;
  if (/\s/.test(value)) return false; // prose or a list of names: tokens and passwords have no spaces
  if (isPlaceholder(value) || isReference(value) || isDate(value)) return false;
  if (isWordy(value, keyClass)) return false;
  return shannonEntropy(value) >= minEntropy;
}

const PLACEHOLDER_WORDS = new Set([
  'changeme',
  'changeit',
  'replaceme',
  'redacted',
  'removed',
  'hidden',
  'masked',
  'omitted',
  'secret',
  'password',
  'passwd',
  'pass',
  'pwd',
  'token',
  'apikey',
  'placeholder',
  'example',
  'dummy',
  'sample',
  'none',
  'null',
  'nil',
  'undefined',
  'empty',
  'notset',
  'unset',
  'todo',
  'tbd',
  'fixme',
  'na',
]);

/** `${VAR}`, `{{ .Values.x }}`, `$VAR`, `<redacted>`, `********`, `changeme`, `your-api-key-here`... */
function isPlaceholder(value: string): boolean {
  if (value.includes('${') || value.includes('{{') || value.includes('$(')) return true;
  if (/^\$[A-Za-z_][A-Za-z0-9_]*$/.test(value) || /^%[A-Za-z_][A-Za-z0-9_]*%$/.test(value)) return true;
  if (/^<[^<>]*>$/.test(value) || /^\[[^[\]]*\]$/.test(value)) return true;
  if (/^(.)\1*$/.test(value) || /^[xX*.#_-]+$/.test(value)) return true;
  const normal = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  return (
    PLACEHOLDER_WORDS.has(normal) ||
    normal.startsWith('your') ||
    /changeme|replaceme|redacted|placeholder|example|dummy/.test(normal)
  );
}

/** Where a secret is kept rather than the secret: secret-manager references, URLs, paths. */
const REFERENCE_SCHEMES =
  /^(?:vault|env|secret|secrets|ssm|sm|awssm|aws-sm|secretsmanager|aws-secretsmanager|gcpsm|gcp-sm|gsm|keyvault|azure-keyvault|akv|kv|op|doppler|sops|k8s|kubernetes|file|ref|infisical|bitwarden|conjur|kms):/i;

function isReference(value: string): boolean {
  return (
    REFERENCE_SCHEMES.test(value) ||
    /^arn:aws[a-z-]*:/.test(value) || // arn:aws:secretsmanager:..., arn:aws:ssm:..., arn:aws:kms:...
    /^projects\/[^/]+\/secrets\//.test(value) || // Google Secret Manager resource name
    value.startsWith('ENC[') || // a SOPS-encrypted value
    /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || // a URL (one with a password is caught as url-credentials)
    /^(?:\.{0,2}\/|~\/)[a-z0-9._/-]*$/.test(value) // a file path such as /run/secrets/db
  );
}

function isDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(value);
}

/** A word: lower case, Capitalised, ALL CAPS or camelCase letters. */
const WORD = /^(?:[A-Z]+|[A-Z]?[a-z]+(?:[A-Z][a-z]+)*)$/;
/** A lower-case identifier part: `etl`, `bot2`, `v2`, `01`. */
const IDENTIFIER_PART = /^(?:[a-z]+[0-9]*|[0-9]+)$/;

/**
 * Names rather than secrets: words joined by separators (`managed-by-vault`, `DB_PASSWORD`,
 * `user.authorization.credentials`), and for secret-like keys also lower-case identifiers with
 * numbers (`etl-bot-2`, `support-assistant-v2`). A password such as `summer2024` stays a password.
 */
function isWordy(value: string, keyClass: KeyClass): boolean {
  const parts = value.split(/[-_./:@]+/).filter((part) => part.length > 0);
  if (parts.length === 0) return true;
  if (parts.every((part) => WORD.test(part))) return true;
  return (
    parts.length >= 2 &&
    parts.every((part) => IDENTIFIER_PART.test(part)) &&
    (keyClass === 'secret' || parts.length >= 3)
  );
}

function shannonEntropy(value: string): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
