import { generateKeyPair, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import * as forge from 'node-forge';

/** The key and certificate reports are signed with, PEM-encoded. */
export interface SigningIdentity {
  privateKeyPem: string;
  certificatePem: string;
}

/** Reports must stay verifiable for as long as they are kept: 25 years. */
const VALIDITY_YEARS = 25;

/**
 * A self-signed certificate fit for detached CMS signatures that OpenSSL accepts: key usage
 * digitalSignature (and nonRepudiation), extended key usage emailProtection (S/MIME, which
 * `openssl cms -verify` checks by default). The RSA key comes from Node's crypto, which is
 * much faster than forge's JavaScript key generation.
 */
export function createSigningIdentity(commonName: string, now: Date): SigningIdentity {
  return certify(generateKeyPairSync('rsa', { modulusLength: KEY_BITS }), commonName, now);
}

/** The same, with the key made on libuv's thread pool: the event loop keeps serving meanwhile. */
export async function createSigningIdentityInBackground(
  commonName: string,
  now: Date,
): Promise<SigningIdentity> {
  const keys = await promisify(generateKeyPair)('rsa', { modulusLength: KEY_BITS });
  return certify(keys, commonName, now);
}

const KEY_BITS = 3072;

function certify(
  { privateKey, publicKey }: { privateKey: KeyObject; publicKey: KeyObject },
  commonName: string,
  now: Date,
): SigningIdentity {
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const forgePrivate = forge.pki.privateKeyFromPem(privateKeyPem);
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(
    publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  );
  // A positive serial of 16 random bytes (the high bit cleared).
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  certificate.serialNumber = serial.toString('hex');
  certificate.validity.notBefore = new Date(now.getTime() - 60_000);
  certificate.validity.notAfter = new Date(now);
  certificate.validity.notAfter.setUTCFullYear(now.getUTCFullYear() + VALIDITY_YEARS);
  const subject = [
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'Vigil' },
  ];
  certificate.setSubject(subject);
  certificate.setIssuer(subject);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'extKeyUsage', emailProtection: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  certificate.sign(forgePrivate, forge.md.sha256.create());
  return { privateKeyPem, certificatePem: forge.pki.certificateToPem(certificate) };
}

/** Checks that a configured key belongs to its certificate, so a mismatch fails at start, not at the first report. */
export function checkSigningIdentity(identity: SigningIdentity): string | undefined {
  let certificate: forge.pki.Certificate;
  let key: forge.pki.rsa.PrivateKey;
  try {
    certificate = forge.pki.certificateFromPem(identity.certificatePem);
  } catch (error) {
    return `the report signing certificate is not a PEM X.509 RSA certificate (${(error as Error).message})`;
  }
  try {
    key = forge.pki.privateKeyFromPem(identity.privateKeyPem);
  } catch (error) {
    return `the report signing key is not a PEM RSA private key (${(error as Error).message})`;
  }
  const publicKey = certificate.publicKey as forge.pki.rsa.PublicKey;
  if (publicKey.n.compareTo(key.n) !== 0 || publicKey.e.compareTo(key.e) !== 0)
    return 'the report signing key does not belong to the report signing certificate';
  return undefined;
}
