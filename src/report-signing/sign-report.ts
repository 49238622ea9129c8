import * as forge from 'node-forge';
import type { SigningIdentity } from './signing-identity';

/**
 * A detached CMS (PKCS#7) SignedData over the report's bytes, DER-encoded: SHA-256 (forge's
 * default is SHA-1), RSA PKCS#1 v1.5, the signer's certificate included, and the content type,
 * the signing time and the message digest as signed attributes. Verifies with
 * `openssl cms -verify -binary -inform DER -in SIG -content REPORT -CAfile CERT -purpose any`.
 */
export function signReport(content: Uint8Array, identity: SigningIdentity, signingTime: Date): Buffer {
  const certificate = forge.pki.certificateFromPem(identity.certificatePem);
  const signedData = forge.pkcs7.createSignedData();
  signedData.content = forge.util.createBuffer(Buffer.from(content).toString('binary'));
  signedData.addCertificate(certificate);
  signedData.addSigner({
    key: forge.pki.privateKeyFromPem(identity.privateKeyPem),
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
