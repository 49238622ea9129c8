import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import * as forge from 'node-forge';

/** What a check of a detached report signature found. */
export interface ReportVerification {
  valid: boolean;
  /** Why it is not valid. */
  reason?: string;
  /** SHA-256 of the report bytes checked. */
  sha256: string;
  signingTime?: string;
  signer?: { subject: string; fingerprintSha256: string; validFrom: string; validTo: string };
  /** Whether the signer is the trusted certificate given (or issued by it); false when none was given. */
  signerTrusted: boolean;
}

const { asn1 } = forge;
const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  sha256: '2.16.840.1.101.3.4.2.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
};

class SignatureProblem extends Error {}

/** forge 1.x takes an options object here; @types/node-forge still declares only the older boolean. */
const fromDer = asn1.fromDer as unknown as (
  bytes: forge.util.ByteStringBuffer,
  options: { strict: boolean; parseAllBytes: boolean; decodeBitStrings: boolean },
) => forge.asn1.Asn1;

/**
 * Verifies a detached CMS SignedData (as signReport makes) over `report`, offline. forge has no
 * CMS verification, so this checks what a verifier must: the messageDigest attribute equals the
 * report's SHA-256, and the RSA signature over the DER SET of signed attributes verifies with
 * the signer's certificate. With `trustedCertificatePem`, the signer must be that certificate or
 * be issued by it.
 */
export function verifyReport(
  report: Uint8Array,
  signature: Uint8Array,
  trustedCertificatePem?: string,
): ReportVerification {
  const sha256 = createHash('sha256').update(report).digest('hex');
  try {
    return { ...checkSignature(report, signature, trustedCertificatePem), sha256 };
  } catch (error) {
    if (!(error instanceof SignatureProblem)) throw error;
    return { valid: false, reason: error.message, sha256, signerTrusted: false };
  }
}

function checkSignature(
  report: Uint8Array,
  signature: Uint8Array,
  trustedCertificatePem: string | undefined,
): Omit<ReportVerification, 'sha256'> {
  const signedData = parseSignedData(signature);
  const signerInfo = onlySignerInfo(signedData);
  const [, , digestAlgorithm, signedAttributes, , signatureValue] = signerInfo.value as forge.asn1.Asn1[];
  if (oidOf((digestAlgorithm?.value as forge.asn1.Asn1[])?.[0]) !== OID.sha256)
    throw new SignatureProblem('the signature does not use SHA-256');
  if (signedAttributes?.tagClass !== asn1.Class.CONTEXT_SPECIFIC || signedAttributes.type !== 0)
    throw new SignatureProblem('the signature has no signed attributes');
  const attributes = attributesOf(signedAttributes);
  if (attributes.get(OID.contentType) && oidOf(attributes.get(OID.contentType)) !== OID.data)
    throw new SignatureProblem('the signed content type is not data');
  const messageDigest = attributes.get(OID.messageDigest);
  if (!messageDigest || messageDigest.type !== asn1.Type.OCTETSTRING)
    throw new SignatureProblem('the signature has no messageDigest attribute');
  const digest = createHash('sha256').update(report).digest();
  if (!Buffer.from(messageDigest.value as string, 'binary').equals(digest))
    throw new SignatureProblem(
      "the report's SHA-256 differs from the signed message digest: the report was changed",
    );

  const signer = signerCertificate(signedData, trustedCertificatePem);
  // What was signed is the DER SET OF the attributes, not their [0] IMPLICIT wrapping.
  const setDer = Buffer.from(asn1.toDer(signedAttributes).getBytes(), 'binary');
  setDer[0] = 0x31;
  const signatureBytes = Buffer.from(signatureValue?.value as string, 'binary');
  if (!verifySignature('sha256', setDer, signer.publicKey, signatureBytes))
    throw new SignatureProblem(
      'the signature over the signed attributes does not verify with the signer certificate',
    );

  const signingTime = timeOf(attributes.get(OID.signingTime));
  if (signingTime && (signingTime < new Date(signer.validFrom) || signingTime > new Date(signer.validTo)))
    throw new SignatureProblem("the signing time lies outside the signer certificate's validity");
  const trusted = trustedCertificatePem
    ? isTrusted(signer, new X509Certificate(trustedCertificatePem))
    : false;
  const summary = {
    signingTime: signingTime?.toISOString(),
    signer: {
      subject: signer.subject,
      fingerprintSha256: signer.fingerprint256,
      validFrom: new Date(signer.validFrom).toISOString(),
      validTo: new Date(signer.validTo).toISOString(),
    },
  };
  if (trustedCertificatePem && !trusted)
    return {
      valid: false,
      reason: 'the signer is not the trusted certificate, nor issued by it',
      signerTrusted: false,
      ...summary,
    };
  return { valid: true, signerTrusted: trusted, ...summary };
}

function parseSignedData(signature: Uint8Array): forge.asn1.Asn1 {
  let contentInfo: forge.asn1.Asn1;
  try {
    contentInfo = fromDer(forge.util.createBuffer(Buffer.from(signature).toString('binary')), {
      strict: true,
      parseAllBytes: true,
      // Kept as bytes, so an embedded certificate re-encodes exactly as it was signed.
      decodeBitStrings: false,
    });
  } catch (error) {
    throw new SignatureProblem(`the signature is not DER-encoded CMS (${(error as Error).message})`);
  }
  const [type, explicit] = (contentInfo.value as forge.asn1.Asn1[]) ?? [];
  if (oidOf(type) !== OID.signedData) throw new SignatureProblem('the signature is not a CMS SignedData');
  const signedData = (explicit?.value as forge.asn1.Asn1[] | undefined)?.[0];
  if (!signedData || !Array.isArray(signedData.value)) throw new SignatureProblem('the SignedData is empty');
  const encapsulated = (signedData.value as forge.asn1.Asn1[])[2];
  if (Array.isArray(encapsulated?.value) && encapsulated.value.length > 1)
    throw new SignatureProblem('the signature carries its content: a detached signature was expected');
  return signedData;
}

function onlySignerInfo(signedData: forge.asn1.Asn1): forge.asn1.Asn1 {
  const parts = signedData.value as forge.asn1.Asn1[];
  const signerInfos = parts[parts.length - 1];
  const infos = signerInfos?.type === asn1.Type.SET ? (signerInfos.value as forge.asn1.Asn1[]) : [];
  if (infos.length !== 1) throw new SignatureProblem(`the signature has ${infos.length} signers, 1 expected`);
  return infos[0];
}

function attributesOf(signedAttributes: forge.asn1.Asn1): Map<string, forge.asn1.Asn1> {
  const attributes = new Map<string, forge.asn1.Asn1>();
  for (const attribute of signedAttributes.value as forge.asn1.Asn1[]) {
    const [type, values] = attribute.value as forge.asn1.Asn1[];
    const oid = oidOf(type);
    const only = (values?.value as forge.asn1.Asn1[] | undefined) ?? [];
    if (!oid || only.length !== 1) throw new SignatureProblem('a signed attribute is malformed');
    if (attributes.has(oid)) throw new SignatureProblem(`the signed attribute ${oid} appears twice`);
    attributes.set(oid, only[0]);
  }
  return attributes;
}

/** The certificate in the SignedData that signed it; with a trusted one given, that one may sign too. */
function signerCertificate(
  signedData: forge.asn1.Asn1,
  trustedCertificatePem: string | undefined,
): X509Certificate {
  const parts = signedData.value as forge.asn1.Asn1[];
  const embedded = parts
    .filter((part) => part.tagClass === asn1.Class.CONTEXT_SPECIFIC && part.type === 0)
    .flatMap((part) => part.value as forge.asn1.Asn1[])
    .map((node) => new X509Certificate(Buffer.from(asn1.toDer(node).getBytes(), 'binary')));
  const candidates = trustedCertificatePem
    ? [...embedded, new X509Certificate(trustedCertificatePem)]
    : embedded;
  const sid = (onlySignerInfo(signedData).value as forge.asn1.Asn1[])[1];
  const serial = serialOf(sid);
  const match = candidates.find(
    (certificate) => serial === undefined || normaliseSerial(certificate.serialNumber) === serial,
  );
  if (!match) throw new SignatureProblem('the signer certificate is neither in the signature nor given');
  return match;
}

function serialOf(sid: forge.asn1.Asn1 | undefined): string | undefined {
  const serial = Array.isArray(sid?.value) ? (sid.value as forge.asn1.Asn1[])[1] : undefined;
  if (!serial || serial.type !== asn1.Type.INTEGER) return undefined;
  return normaliseSerial(forge.util.bytesToHex(serial.value as string));
}

function normaliseSerial(hex: string): string {
  return hex.toLowerCase().replace(/^(00)+(?=.)/, '');
}

function isTrusted(signer: X509Certificate, trusted: X509Certificate): boolean {
  if (signer.raw.equals(trusted.raw)) return true;
  return signer.checkIssued(trusted) && signer.verify(trusted.publicKey);
}

function oidOf(node: forge.asn1.Asn1 | undefined): string | undefined {
  return node?.type === asn1.Type.OID ? asn1.derToOid(node.value as string) : undefined;
}

function timeOf(node: forge.asn1.Asn1 | undefined): Date | undefined {
  if (!node) return undefined;
  if (node.type === asn1.Type.UTCTIME) return asn1.utcTimeToDate(node.value as string);
  if (node.type === asn1.Type.GENERALIZEDTIME) return asn1.generalizedTimeToDate(node.value as string);
  throw new SignatureProblem('the signing time attribute is not a time');
}
