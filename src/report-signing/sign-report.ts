import { constants, privateEncrypt } from 'node:crypto';
import * as forge from 'node-forge';
import type { SigningIdentity } from './signing-identity';

/**
 * A detached CMS (PKCS#7) SignedData over the report's bytes, DER-encoded: SHA-256 (forge's
 * default is SHA-1), RSA PKCS#1 v1.5, the signer's certificate included, and the content type,
 * the signing time and the message digest as signed attributes. Verifies with
 * `openssl cms -verify -binary -inform DER -in SIG -content REPORT -CAfile CERT -purpose any`.
 * forge assembles the SignedData; the RSA operation is Node's (OpenSSL's), which gives the same
 * PKCS#1 v1.5 bytes in a fraction of forge's time in JavaScript big integers.
 */
export function signReport(content: Uint8Array, identity: SigningIdentity, signingTime: Date): Buffer {
  const certificate = forge.pki.certificateFromPem(identity.certificatePem);
  const signedData = forge.pkcs7.createSignedData();
  signedData.content = forge.util.createBuffer(Buffer.from(content).toString('binary'));
  signedData.addCertificate(certificate);
  signedData.addSigner({
    key: nodeRsaSigner(identity.privateKeyPem),
    certificate,
    digestAlgorithm: forge.pki.oids.sha256,
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
      { type: forge.pki.oids.signingTime, value: signingTime as unknown as string },
      // forge fills the value in with the content's digest.
      { type: forge.pki.oids.messageDigest },
    ],
  });
  signedData.sign({ detached: true });
  return Buffer.from(forge.asn1.toDer(signedData.toAsn1()).getBytes(), 'binary');
}

/** DER of a SHA-256 DigestInfo up to the digest (RFC 8017, 9.2 note 1): what PKCS#1 v1.5 signs. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** The one call forge's SignedData makes on its key: sign(md) with RSASSA-PKCS1-v1_5, as a binary string. */
function nodeRsaSigner(privateKeyPem: string): forge.pki.rsa.PrivateKey {
  const sign = (md: forge.md.MessageDigest): string =>
    privateEncrypt(
      { key: privateKeyPem, padding: constants.RSA_PKCS1_PADDING },
      Buffer.concat([SHA256_DIGEST_INFO, Buffer.from(md.digest().getBytes(), 'binary')]),
    ).toString('binary');
  return { sign } as unknown as forge.pki.rsa.PrivateKey;
}
