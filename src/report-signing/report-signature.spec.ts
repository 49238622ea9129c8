import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import { inFolderWith, opensslVerifies } from '../../test/support/report-verification';
import { signReport } from './sign-report';
import { createSigningIdentity, checkSigningIdentity } from './signing-identity';
import { verifyReport } from './verify-report';

const NOW = new Date('2026-11-24T12:00:00Z');
const identity = createSigningIdentity('Vigil report signing (test)', NOW);
const report = Buffer.from('project,control\r\npayments,A.8.24\r\n\u00e9\u0000\u00ff', 'latin1');
const signature = signReport(report, identity, NOW);

describe('detached CMS report signatures', () => {
  it('verifies with our own check, naming the signer and the signing time', () => {
    const result = verifyReport(report, signature, identity.certificatePem);
    expect(result).toMatchObject({ valid: true, signerTrusted: true, signingTime: NOW.toISOString() });
    expect(result.signer?.subject).toContain('Vigil report signing (test)');
  });

  it('verifies with openssl cms -verify', () => {
    expect(opensslVerifies(report, signature, identity.certificatePem)).toBe(true);
  });

  it('also verifies with openssl without -purpose any, as an S/MIME signing certificate', () => {
    inFolderWith({ r: report, s: signature, c: identity.certificatePem }, (dir) =>
      expect(() =>
        execFileSync(
          'openssl',
          [
            'cms',
            '-verify',
            '-binary',
            '-inform',
            'DER',
            '-in',
            's',
            '-content',
            'r',
            '-CAfile',
            'c',
            '-out',
            os.devNull,
          ],
          { cwd: dir, stdio: 'pipe' },
        ),
      ).not.toThrow(),
    );
  });

  it('fails every verification when a single byte of the report changes', () => {
    for (const index of [0, Math.floor(report.length / 2), report.length - 1]) {
      const tampered = Buffer.from(report);
      tampered[index] ^= 0x01;
      const result = verifyReport(tampered, signature, identity.certificatePem);
      expect(result.valid).toBe(false);
      expect(result.reason).toMatch(/the report was changed/);
      expect(opensslVerifies(tampered, signature, identity.certificatePem)).toBe(false);
    }
  });

  it('fails when a byte of the signature changes', () => {
    // The last bytes are the RSA signature value itself.
    const tampered = Buffer.from(signature);
    tampered[tampered.length - 5] ^= 0x01;
    expect(verifyReport(report, tampered, identity.certificatePem).valid).toBe(false);
    expect(opensslVerifies(report, tampered, identity.certificatePem)).toBe(false);
  });

  it('refuses a signer that is not the trusted certificate', () => {
    const other = createSigningIdentity('someone else', NOW);
    const result = verifyReport(report, signature, other.certificatePem);
    expect(result).toMatchObject({ valid: false, signerTrusted: false });
    expect(opensslVerifies(report, signature, other.certificatePem)).toBe(false);
  });

  it('checks integrity without a trusted certificate, and says the signer was not checked', () => {
    expect(verifyReport(report, signature)).toMatchObject({ valid: true, signerTrusted: false });
  });

  it('says why a signature that is not CMS is refused', () => {
    expect(verifyReport(report, Buffer.from('not a signature'))).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/not DER-encoded CMS/),
    });
  });

  it('creates a certificate for digital signatures and e-mail protection, valid for 25 years', () => {
    const text = execFileSync('openssl', ['x509', '-noout', '-text'], {
      input: identity.certificatePem,
    }).toString();
    expect(text).toMatch(/Digital Signature/);
    expect(text).toMatch(/E-mail Protection/);
    expect(text).toMatch(/Not After : .*2051/);
    expect(checkSigningIdentity(identity)).toBeUndefined();
    expect(
      checkSigningIdentity({ ...identity, privateKeyPem: createSigningIdentity('x', NOW).privateKeyPem }),
    ).toMatch(/does not belong/);
  });
});
