/** Stands for a secret's body. Always the same length, so a mask does not tell how long the secret is. */
export const MASK = '****';

/**
 * Prefixes that say what kind of secret a value is without weakening it (they are the same for every
 * token of the kind). Longest first, so `sk-ant-` wins over `sk-`.
 */
const KNOWN_PREFIXES = [
  'github_pat_',
  'ghp_',
  'gho_',
  'ghu_',
  'ghs_',
  'ghr_',
  'glpat-',
  'xoxb-',
  'xoxp-',
  'xoxa-',
  'xoxo-',
  'xoxs-',
  'xoxr-',
  'xapp-',
  'sk_live_',
  'rk_live_',
  'sk-ant-',
  'sk-proj-',
  'sk-svcacct-',
  'sk-admin-',
  'sk-',
  'AKIA',
  'ASIA',
  'AIza',
  'eyJ',
].sort((a, b) => b.length - a.length);

const PRIVATE_KEY_HEADER = /^-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/;

/** scheme://user:password@host: the user and host are kept (they are not the secret), the password is not. */
const URL_WITH_PASSWORD =
  /^([a-z][a-z0-9+.-]{0,30}:\/\/)([^\s:@/?#]{0,64}):[^\s@/?#]{1,256}@([^\s@/?#]{0,253})/i;

/**
 * The form of a secret that may be shown: its well-known prefix (`ghp_`, `AKIA`, the PEM header of a
 * private key) followed by {@link MASK}; nothing of the secret's own body is kept.
 */
export function maskSecret(value: string): string {
  const text = value.trimStart();
  const header = PRIVATE_KEY_HEADER.exec(text);
  if (header) return header[0] + MASK;
  const url = URL_WITH_PASSWORD.exec(text);
  if (url) return `${url[1]}${url[2]}:${MASK}@${url[3]}`;
  const prefix = KNOWN_PREFIXES.find(
    (candidate) => text.length > candidate.length && text.startsWith(candidate),
  );
  return (prefix ?? '') + MASK;
}

/**
 * Replaces every occurrence of each secret in a text (a message, a log line, an error) by its mask.
 * A secret is also found in its JSON-escaped form and, for a multi-line secret such as a private key,
 * line by line, since messages and parsers quote single lines of a file.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let redactor = redactors.get(secrets);
  if (!redactor) {
    redactor = createRedactor(secrets);
    redactors.set(secrets, redactor);
  }
  return redactor(text);
}

/** Callers redact many strings against the same list (every field of every finding): compile it once. */
const redactors = new WeakMap<readonly string[], (text: string) => string>();

/** A line of a multi-line secret shorter than this is too common (`-----END...`, short base64 tails). */
const MIN_SECRET_LINE = 16;

export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const masks = new Map<string, string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length === 0) continue;
    const mask = maskSecret(secret);
    for (const form of [secret, secret.trim(), JSON.stringify(secret).slice(1, -1)]) {
      if (form.length > 0 && !masks.has(form)) masks.set(form, mask);
    }
    if (!secret.includes('\n')) continue;
    for (const line of secret.split('\n')) {
      const trimmed = line.trim();
      if (trimmed.length >= MIN_SECRET_LINE && !trimmed.startsWith('-----') && !masks.has(trimmed)) {
        masks.set(trimmed, MASK);
      }
    }
  }
  if (masks.size === 0) return (text) => text;
  // Longest first: where one secret contains another, the longer one is replaced whole.
  const alternatives = [...masks.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(alternatives.join('|'), 'g');
  return (text) =>
    typeof text === 'string' ? text.replace(pattern, (match) => masks.get(match) ?? MASK) : text;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
