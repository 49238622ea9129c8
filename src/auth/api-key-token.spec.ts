import { hashSecret, issueToken, parseToken, secretMatches } from './api-key-token';

describe('API key tokens', () => {
  it('carry the key id and a secret that matches only its own hash', () => {
    const issued = issueToken();
    expect(issued.token).toMatch(/^vigil_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    const parsed = parseToken(issued.token)!;
    expect(parsed.keyId).toBe(issued.keyId);
    expect(secretMatches(parsed.secret, issued.secretHash)).toBe(true);
    expect(secretMatches(parsed.secret, hashSecret('another'))).toBe(false);
    expect(issueToken().token).not.toBe(issued.token);
  });

  it.each([
    '',
    'vigil_',
    `vigil_${'0'.repeat(32)}_short`,
    `vigil_${'g'.repeat(32)}_${'a'.repeat(43)}`,
    `VIGIL_${'0'.repeat(32)}_${'a'.repeat(43)}`,
    `vigil_${'0'.repeat(32)}_${'a'.repeat(43)}x`,
    `vigil_${'0'.repeat(31)}_${'a'.repeat(44)}`,
  ])('reads %j as no key token', (token) => {
    expect(parseToken(token)).toBeUndefined();
  });
});
