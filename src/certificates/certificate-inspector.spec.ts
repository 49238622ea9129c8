import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as forge from 'node-forge';
import { CertificateParseError, inspectCertificate, inspectCertificates } from './certificate-inspector';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const DAY = 86_400_000;
const HOUR = 3_600_000;

interface KeyPair {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
}

/** Node generates the keys (forge's own RSA key generation is slow); forge builds and signs the certificates. */
function rsaKeyPair(bits: number): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    privateKey: forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey,
    publicKey: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey,
  };
}

interface CertificateSpec {
  subject: forge.pki.CertificateField[];
  issuer?: forge.pki.CertificateField[];
  keys: KeyPair;
  /** The issuer's key; the certificate's own key when absent (self-signed). */
  signedBy?: KeyPair;
  notBefore?: Date;
  notAfter?: Date;
  digest?: () => forge.md.MessageDigest;
}

let serial = 1;
function certificatePem(spec: CertificateSpec): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = spec.keys.publicKey;
  cert.serialNumber = (serial++).toString(16).padStart(2, '0');
  cert.validity.notBefore = spec.notBefore ?? new Date(NOW.getTime() - 30 * DAY);
  cert.validity.notAfter = spec.notAfter ?? new Date(NOW.getTime() + 365 * DAY);
  cert.setSubject(spec.subject);
  cert.setIssuer(spec.issuer ?? spec.subject);
  cert.sign((spec.signedBy ?? spec.keys).privateKey, (spec.digest ?? (() => forge.md.sha256.create()))());
  return forge.pki.certificateToPem(cert);
}

const name = (fields: Record<string, string>): forge.pki.CertificateField[] =>
  Object.entries(fields).map(([shortName, value]) => ({ shortName, value }));

const fixture = (file: string) => readFileSync(join(__dirname, 'fixtures', file), 'utf8');

const caName = name({ O: 'Example', CN: 'Example CA' });
const leafName = name({ C: 'DE', O: 'Example', CN: 'api.example.com' });

let caKeys: KeyPair;
let leafKeys: KeyPair;
let caPem: string;
let leafPem: string;

beforeAll(() => {
  caKeys = rsaKeyPair(2048);
  leafKeys = rsaKeyPair(2048);
  caPem = certificatePem({ subject: caName, keys: caKeys });
  leafPem = certificatePem({
    subject: leafName,
    issuer: caName,
    keys: leafKeys,
    signedBy: caKeys,
    notBefore: new Date('2026-01-15T08:00:00Z'),
    notAfter: new Date('2027-01-15T08:00:00Z'),
  });
});

const caSigned = (overrides: Partial<CertificateSpec>) =>
  certificatePem({ subject: leafName, issuer: caName, keys: leafKeys, signedBy: caKeys, ...overrides });

describe('inspectCertificate on RSA certificates built with node-forge', () => {
  it('reports every fact of a good CA-signed 2048-bit SHA-256 certificate', () => {
    expect(inspectCertificate(leafPem, NOW)).toEqual({
      subject: 'C=DE, O=Example, CN=api.example.com',
      issuer: 'O=Example, CN=Example CA',
      notBefore: '2026-01-15T08:00:00.000Z',
      notAfter: '2027-01-15T08:00:00.000Z',
      daysUntilExpiry: 227,
      keyType: 'RSA',
      keyBits: 2048,
      signatureAlgorithm: 'sha256WithRSAEncryption',
      weakSignature: false,
      selfSigned: false,
      sha256Fingerprint: new X509Certificate(leafPem).fingerprint256,
    });
  });

  it('counts days down to a negative number once the certificate has expired', () => {
    const expired = caSigned({
      notBefore: new Date(NOW.getTime() - 400 * DAY),
      notAfter: new Date(NOW.getTime() - 3 * DAY - HOUR),
    });
    expect(inspectCertificate(expired, NOW).daysUntilExpiry).toBe(-4);
    expect(inspectCertificate(expired, new Date(NOW.getTime() - 3 * DAY - 2 * HOUR)).daysUntilExpiry).toBe(0);
  });

  it('rounds the days left down for a certificate expiring in 10 days', () => {
    const soon = caSigned({ notAfter: new Date(NOW.getTime() + 10 * DAY + 6 * HOUR) });
    const facts = inspectCertificate(soon, NOW);
    expect(facts.daysUntilExpiry).toBe(10);
    expect(facts.notAfter).toBe('2026-06-11T18:00:00.000Z');
  });

  it('reads the key size of a 1024-bit RSA certificate', () => {
    const weakKey = caSigned({ keys: rsaKeyPair(1024) });
    expect(inspectCertificate(weakKey, NOW)).toMatchObject({
      keyType: 'RSA',
      keyBits: 1024,
      weakSignature: false,
    });
  });

  it('flags SHA-1 and MD5 signatures as weak', () => {
    const sha1 = caSigned({ digest: () => forge.md.sha1.create() });
    const md5 = caSigned({ digest: () => forge.md.md5.create() });
    expect(inspectCertificate(sha1, NOW)).toMatchObject({
      signatureAlgorithm: 'sha1WithRSAEncryption',
      weakSignature: true,
    });
    expect(inspectCertificate(md5, NOW)).toMatchObject({
      signatureAlgorithm: 'md5WithRSAEncryption',
      weakSignature: true,
    });
  });

  it('keeps SHA-384 and SHA-512 signatures as strong', () => {
    const sha512 = caSigned({ digest: () => forge.md.sha512.create() });
    expect(inspectCertificate(sha512, NOW)).toMatchObject({
      signatureAlgorithm: 'sha512WithRSAEncryption',
      weakSignature: false,
    });
  });

  it('recognises a self-signed certificate, also when signed with SHA-1', () => {
    const selfSigned = certificatePem({ subject: leafName, keys: leafKeys });
    const selfSignedSha1 = certificatePem({
      subject: leafName,
      keys: leafKeys,
      digest: () => forge.md.sha1.create(),
    });
    expect(inspectCertificate(selfSigned, NOW)).toMatchObject({
      subject: 'C=DE, O=Example, CN=api.example.com',
      issuer: 'C=DE, O=Example, CN=api.example.com',
      selfSigned: true,
    });
    expect(inspectCertificate(selfSignedSha1, NOW).selfSigned).toBe(true);
    expect(inspectCertificate(caPem, NOW).selfSigned).toBe(true);
  });

  it('does not call a certificate self-signed when its issuer names itself but another key signed it', () => {
    const forged = certificatePem({ subject: leafName, keys: leafKeys, signedBy: caKeys });
    const facts = inspectCertificate(forged, NOW);
    expect(facts.issuer).toBe(facts.subject);
    expect(facts.selfSigned).toBe(false);
  });

  it('decodes UTF-8 names and escapes separators inside values', () => {
    const pem = certificatePem({
      subject: [
        { shortName: 'O', value: 'Example, Inc.' },
        {
          shortName: 'CN',
          value: 'zürich.example', // forge encodes UTF-8 itself
          valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class,
        },
      ],
      keys: leafKeys,
    });
    expect(new X509Certificate(pem).subject).toContain('CN=zürich.example'); // the DER holds UTF-8
    expect(inspectCertificate(pem, NOW).subject).toBe('O=Example\\, Inc., CN=zürich.example');
  });
});

describe('inspectCertificate on certificates forge cannot read (fixtures made with openssl)', () => {
  // openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -sha256 \
  //   -subj "/C=DE/O=Vigil Test/CN=ec.self-signed.test"   (P-384 CA + leaf, Ed25519 and RSA-PSS alike);
  // dates and fingerprints below are as `openssl x509 -noout -dates -fingerprint -sha256` prints them.
  it('reads an EC P-256 self-signed certificate through OpenSSL', () => {
    expect(inspectCertificate(fixture('ec-p256-self-signed.pem'), NOW)).toEqual({
      subject: 'C=DE, O=Vigil Test, CN=ec.self-signed.test',
      issuer: 'C=DE, O=Vigil Test, CN=ec.self-signed.test',
      notBefore: '2026-11-24T20:30:33.000Z',
      notAfter: '2036-11-21T20:30:33.000Z',
      daysUntilExpiry: 3826,
      keyType: 'EC',
      keyBits: 256,
      curve: 'prime256v1',
      signatureAlgorithm: 'ecdsa-with-SHA256',
      weakSignature: false,
      selfSigned: true,
      sha256Fingerprint:
        '01:DE:E8:46:DB:92:2D:53:30:2E:C8:43:7C:8C:10:7B:76:5B:88:69:59:2A:81:E2:4F:56:6C:09:B4:44:0A:4D',
    });
  });

  it('reads an EC leaf signed by an EC P-384 CA', () => {
    expect(inspectCertificate(fixture('ec-p256-leaf-signed-by-p384-ca.pem'), NOW)).toMatchObject({
      subject: 'O=Vigil Test, CN=ec-leaf.test',
      issuer: 'O=Vigil Test, CN=Vigil Test EC CA',
      notAfter: '2029-02-26T20:30:33.000Z',
      keyType: 'EC',
      keyBits: 256,
      signatureAlgorithm: 'ecdsa-with-SHA384',
      weakSignature: false,
      selfSigned: false,
      sha256Fingerprint:
        'D1:A8:84:67:B6:AC:36:00:60:F7:D9:C5:95:C8:30:C2:30:AA:98:B6:AD:9E:D2:D2:22:4B:CA:1D:3B:4B:24:C0',
    });
  });

  it('reads an Ed25519 self-signed certificate', () => {
    expect(inspectCertificate(fixture('ed25519-self-signed.pem'), NOW)).toMatchObject({
      subject: 'CN=ed25519.self-signed.test',
      keyType: 'Ed25519',
      keyBits: 256,
      signatureAlgorithm: 'Ed25519',
      weakSignature: false,
      selfSigned: true,
    });
  });

  it('names the hash of an RSASSA-PSS signature and verifies it', () => {
    expect(inspectCertificate(fixture('rsa-pss-sha256-self-signed.pem'), NOW)).toMatchObject({
      keyType: 'RSA',
      keyBits: 2048,
      signatureAlgorithm: 'RSASSA-PSS with sha256',
      weakSignature: false,
      selfSigned: true,
    });
  });
});

describe('inspectCertificates on a PEM bundle', () => {
  it('returns facts for each certificate in order and ignores other PEM blocks', () => {
    const keyBlock =
      '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n';
    const bundle = `${leafPem}\n${keyBlock}${caPem}${fixture('ec-p256-self-signed.pem')}`;
    expect(inspectCertificates(bundle, NOW).map((facts) => facts.subject)).toEqual([
      'C=DE, O=Example, CN=api.example.com',
      'O=Example, CN=Example CA',
      'C=DE, O=Vigil Test, CN=ec.self-signed.test',
    ]);
    expect(inspectCertificate(bundle, NOW).subject).toBe('C=DE, O=Example, CN=api.example.com');
  });

  it('inspects only the first certificate with inspectCertificate, and every one with inspectCertificates', () => {
    const bundle = `${leafPem}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`;
    expect(inspectCertificate(bundle, NOW).subject).toBe('C=DE, O=Example, CN=api.example.com');
    const lines = leafPem.split('\n').length;
    expect(() => inspectCertificates(bundle, NOW)).toThrow(`certificate 2 (line ${lines})`);
  });
});

describe('inspectCertificate on bad input', () => {
  const parseError = (input: string): CertificateParseError => {
    try {
      inspectCertificate(input, NOW);
    } catch (error) {
      expect(error).toBeInstanceOf(CertificateParseError);
      return error as CertificateParseError;
    }
    throw new Error('expected a CertificateParseError');
  };

  it('rejects text that is not PEM', () => {
    expect(parseError('hello world, this is not a certificate').message).toBe(
      'not a PEM certificate: no "-----BEGIN CERTIFICATE-----" line found',
    );
    expect(parseError('   \n').message).toBe('empty input: expected a PEM certificate');
  });

  it('names the block it found when the PEM holds no certificate', () => {
    expect(parseError('-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----').message).toBe(
      'no certificate found: the PEM holds a "PRIVATE KEY" block, not a "CERTIFICATE" block',
    );
  });

  it('rejects a PEM cut off before its END line', () => {
    const truncated = leafPem.slice(0, Math.floor(leafPem.length / 2));
    expect(parseError(truncated).message).toBe(
      'certificate 1 (line 1) has no "-----END CERTIFICATE-----" line: the PEM is truncated',
    );
  });

  it('rejects a PEM whose body lost lines but kept its END line', () => {
    const lines = leafPem.trim().split('\n');
    const shortened = [...lines.slice(0, 5), ...lines.slice(-1)].join('\n');
    expect(parseError(shortened).message).toBe(
      'certificate 1 (line 1) is not valid DER: the data is truncated or corrupted',
    );
  });

  it('rejects garbage between the PEM lines', () => {
    expect(parseError('-----BEGIN CERTIFICATE-----\n!!not*base64!!\n-----END CERTIFICATE-----').message).toBe(
      'certificate 1 (line 1) is not valid base64: the PEM is truncated or corrupted',
    );
    expect(parseError('-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----').message).toBe(
      'certificate 1 (line 1) is empty',
    );
  });

  it('rejects well-formed DER that is not a certificate', () => {
    const publicKeyDer = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
      type: 'spki',
      format: 'der',
    });
    const pem = `-----BEGIN CERTIFICATE-----\n${publicKeyDer.toString('base64')}\n-----END CERTIFICATE-----\n`;
    expect(parseError(pem).message).toBe('certificate 1 (line 1) is not an X.509 certificate');
  });

  it('never quotes the input in its message', () => {
    const body = leafPem.split('\n')[3];
    const corrupted = leafPem.replace(body, body.slice(0, 20) + '#' + body.slice(21));
    const error = parseError(corrupted);
    expect(error.message).not.toContain(body.slice(0, 20));
    expect(error.message.length).toBeLessThan(120);
  });
});

describe('loading node-forge', () => {
  it('does not load node-forge until a certificate is inspected', () => {
    let mockForgeLoaded = false;
    jest.isolateModules(() => {
      jest.doMock('node-forge', () => {
        mockForgeLoaded = true;
        return jest.requireActual('node-forge');
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh copy of the module
      const inspector = require('./certificate-inspector') as typeof import('./certificate-inspector');
      expect(mockForgeLoaded).toBe(false);
      inspector.inspectCertificate(leafPem, NOW);
      expect(mockForgeLoaded).toBe(true);
    });
  });
});
