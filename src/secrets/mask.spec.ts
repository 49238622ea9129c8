import { generateKeyPairSync } from 'node:crypto';
import { createRedactor, MASK, maskSecret, redactSecrets } from './mask';

// Assembled at run time so that no literal here looks like a leaked credential to secret scanners.
const BODY = 'Hq7Lm2Xv9Rt4Wp6Zs1Kd3Nb8Fg5Jc0AyPe4Ui8Oa2S';
const privateKeyPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string;

/** True when the mask repeats more than 8 consecutive characters of the secret's body. */
function leaksBody(masked: string, secret: string, prefixLength: number): boolean {
  for (let i = prefixLength; i + 9 <= secret.length; i++) {
    if (masked.includes(secret.slice(i, i + 9))) return true;
  }
  return false;
}

describe('maskSecret', () => {
  const prefixed: [string, string][] = [
    ['AKIA', 'AKIA'],
    ['ASIA', 'ASIA'],
    ['ghp_', 'ghp_'],
    ['ghs_', 'ghs_'],
    ['github_pat_', 'github_pat_'],
    ['glpat-', 'glpat-'],
    ['xoxb-', 'xoxb-'],
    ['xapp-', 'xapp-'],
    ['sk_live_', 'sk_live_'],
    ['rk_live_', 'rk_live_'],
    ['sk-ant-', 'sk-ant-'],
    ['sk-proj-', 'sk-proj-'],
    ['sk-', 'sk-'],
    ['AIza', 'AIza'],
    ['eyJ', 'eyJ'],
  ];

  it.each(prefixed)('keeps the %s prefix and nothing of the body', (prefix, kept) => {
    const secret = prefix + BODY;
    expect(maskSecret(secret)).toBe(kept + MASK);
    expect(leaksBody(maskSecret(secret), secret, prefix.length)).toBe(false);
  });

  it('keeps only the header of a private key block', () => {
    expect(maskSecret(privateKeyPem)).toBe('-----BEGIN PRIVATE KEY-----****');
    expect(maskSecret('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n')).toBe(
      '-----BEGIN OPENSSH PRIVATE KEY-----****',
    );
    const body = privateKeyPem.slice(0, privateKeyPem.indexOf('-----END'));
    expect(leaksBody(maskSecret(privateKeyPem), body, '-----BEGIN PRIVATE KEY-----'.length)).toBe(false);
  });

  it('masks the password of a URL and keeps user and host', () => {
    expect(maskSecret('postgres://etl:S3cr3t-Pa55@db.internal:5432/warehouse')).toBe(
      'postgres://etl:****@db.internal:5432',
    );
  });

  it('masks a value with no known prefix entirely', () => {
    expect(maskSecret('Summer2024!')).toBe(MASK);
    expect(maskSecret('use ghp_ tokens')).toBe(MASK);
    expect(maskSecret('ghp_')).toBe(MASK); // nothing but the prefix: do not echo it either
  });

  it('does not tell the length of the secret', () => {
    const lengths = [8, 20, 40, 200].map((n) => maskSecret('ghp_' + 'aB3'.repeat(n)).length);
    expect(new Set(lengths).size).toBe(1);
    expect(maskSecret('x'.repeat(12))).toBe(maskSecret('y'.repeat(400)));
  });
});

describe('redactSecrets', () => {
  const token = 'ghp_' + BODY;
  const password = 'Summer2024!';

  it('replaces every occurrence of every secret with its mask', () => {
    const text = `token ${token} failed; retried with ${token}; password '${password}' rejected`;
    expect(redactSecrets(text, [token, password])).toBe(
      "token ghp_**** failed; retried with ghp_****; password '****' rejected",
    );
  });

  it('leaves text without secrets, and any text when there are no secrets, unchanged', () => {
    expect(redactSecrets('flow tickets-to-llm uses TLS 1.0', [token])).toBe(
      'flow tickets-to-llm uses TLS 1.0',
    );
    expect(redactSecrets(`leaked ${token}`, [])).toBe(`leaked ${token}`);
    expect(redactSecrets(`leaked ${token}`, [''])).toBe(`leaked ${token}`);
  });

  it('replaces the longer of two overlapping secrets whole', () => {
    const short = 'Zs1Kd3Nb8Fg5';
    expect(redactSecrets(`${token} / ${short}`, [short, token])).toBe('ghp_**** / ****');
  });

  it('treats regular-expression characters in a secret literally', () => {
    const odd = 'p4$$.w0rd(+)*[x]?';
    expect(redactSecrets(`a ${odd} b p4$$xw0rd`, [odd])).toBe('a **** b p4$$xw0rd');
  });

  it('redacts a private key quoted whole, JSON-escaped, or one line at a time', () => {
    const line = privateKeyPem.split('\n')[1];
    expect(line.length).toBeGreaterThan(16);
    const logs = [
      `key: ${privateKeyPem}`,
      JSON.stringify({ evidence: { value: privateKeyPem } }),
      `yaml: line 3: unexpected indentation near '${line}'`,
    ].join('\n');
    const redacted = redactSecrets(logs, [privateKeyPem]);
    expect(redacted).not.toContain(line);
    expect(redacted).toContain('key: -----BEGIN PRIVATE KEY-----****');
    expect(redacted).toContain('{"evidence":{"value":"-----BEGIN PRIVATE KEY-----****"}}');
    expect(redacted).toContain("near '****'");
  });

  it('finds a secret stored with surrounding whitespace when the text quotes it trimmed', () => {
    expect(redactSecrets(`value ${token} is a token`, [`  ${token}\n`])).toBe('value ghp_**** is a token');
  });

  it('gives the same result through a compiled redactor', () => {
    const redact = createRedactor([token]);
    expect(redact(`a ${token} b`)).toBe('a ghp_**** b');
    expect(redact('nothing here')).toBe('nothing here');
  });
});
