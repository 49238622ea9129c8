import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import type * as Forge from 'node-forge';

/** What ENC-009 needs to know about one transport certificate. */
export interface CertificateFacts {
  /** Distinguished name in certificate order, e.g. `C=DE, O=Example, CN=api.example.com`. */
  subject: string;
  issuer: string;
  /** ISO 8601. */
  notBefore: string;
  notAfter: string;
  /** Whole days from `now` to notAfter, rounded down: negative once expired. */
  daysUntilExpiry: number;
  keyType: 'RSA' | 'EC' | 'Ed25519' | 'Ed448' | 'RSA-PSS' | 'DSA' | string;
  /** RSA/DSA modulus length, EC curve size; absent when the key cannot be read. */
  keyBits?: number;
  /** EC keys only: the named curve (`prime256v1`, `secp384r1`...). */
  curve?: string;
  /** `sha256WithRSAEncryption`, `ecdsa-with-SHA256`, `RSASSA-PSS with sha256`, or the dotted OID. */
  signatureAlgorithm: string;
  /** Signed with MD2, MD4, MD5 or SHA-1. */
  weakSignature: boolean;
  /** Issuer equals subject and the signature verifies with the certificate's own key. */
  selfSigned: boolean;
  /** SHA-256 of the DER, upper-case hex pairs joined by `:` (as `openssl x509 -fingerprint -sha256`). */
  sha256Fingerprint: string;
}

/** Input that is not a readable X.509 certificate. The message never quotes the input. */
export class CertificateParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CertificateParseError';
  }
}

type ForgeModule = typeof Forge;
type Asn1 = Forge.asn1.Asn1;

let forgeModule: ForgeModule | undefined;

/** node-forge takes ~25 ms to load: only a scan that meets a certificate pays for it. */
function forge(): ForgeModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (CLI start-up budget)
  forgeModule ??= require('node-forge') as ForgeModule;
  return forgeModule;
}

const BEGIN = '-----BEGIN CERTIFICATE-----';
const END = '-----END CERTIFICATE-----';
const DAY_MS = 86_400_000;

/**
 * Facts for the first certificate of a PEM text (for a chain, the leaf comes first).
 * Use {@link inspectCertificates} to judge every certificate of a bundle.
 */
export function inspectCertificate(pem: string, now: Date): CertificateFacts {
  return inspect(pem, now, 1)[0];
}

/** Facts for each `CERTIFICATE` block of a PEM bundle, in order. Other PEM blocks are ignored. */
export function inspectCertificates(pemBundle: string, now: Date): CertificateFacts[] {
  return inspect(pemBundle, now, Infinity);
}

function inspect(pem: string, now: Date, limit: number): CertificateFacts[] {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new TypeError('now must be a valid Date');
  return certificateBlocks(pem, limit).map((block) => inspectDer(block.der, now, block.label));
}

interface PemBlock {
  der: Buffer;
  /** "certificate 2 (line 31)": how messages name the block without quoting it. */
  label: string;
}

function certificateBlocks(text: unknown, limit: number): PemBlock[] {
  if (typeof text !== 'string') throw new CertificateParseError('expected PEM text, got ' + typeof text);
  const blocks: PemBlock[] = [];
  let from = 0;
  let line = 1;
  let counted = 0;
  while (blocks.length < limit) {
    const begin = text.indexOf(BEGIN, from);
    if (begin < 0) break;
    line += countNewlines(text, counted, begin);
    counted = begin;
    const label = `certificate ${blocks.length + 1} (line ${line})`;
    const bodyStart = begin + BEGIN.length;
    const end = text.indexOf(END, bodyStart);
    const nextBegin = text.indexOf(BEGIN, bodyStart);
    if (end < 0 || (nextBegin >= 0 && nextBegin < end)) {
      throw new CertificateParseError(`${label} has no "${END}" line: the PEM is truncated`);
    }
    const body = text.slice(bodyStart, end).replace(/\s+/g, '');
    if (body.length === 0) throw new CertificateParseError(`${label} is empty`);
    if (body.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) {
      throw new CertificateParseError(`${label} is not valid base64: the PEM is truncated or corrupted`);
    }
    blocks.push({ der: Buffer.from(body, 'base64'), label });
    from = end + END.length;
  }
  if (blocks.length === 0) throw new CertificateParseError(describeMissingCertificate(text));
  return blocks;
}

function describeMissingCertificate(text: string): string {
  if (text.trim() === '') return 'empty input: expected a PEM certificate';
  const other = /-----BEGIN ([A-Z0-9 ]{1,40})-----/.exec(text);
  if (other) return `no certificate found: the PEM holds a "${other[1]}" block, not a "CERTIFICATE" block`;
  return `not a PEM certificate: no "${BEGIN}" line found`;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The parts of a DER certificate read the same way whatever the key type. */
interface CertificateStructure {
  signatureOid: string;
  /** RSASSA-PSS only: the hash OID from the parameters (SHA-1 when absent, per RFC 4055). */
  pssHashOid?: string;
  issuer: Asn1;
  subject: Asn1;
  notBefore: Date;
  notAfter: Date;
  publicKeyOid: string;
}

const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  sha1: '1.3.14.3.2.26',
} as const;

/**
 * Signature algorithms forge's table lacks or names differently; forge's `pki.oids` covers the rest.
 * Weak ones (MD2, MD4, MD5, SHA-1) are listed in WEAK_SIGNATURES.
 */
const SIGNATURE_NAMES: Record<string, string> = {
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
  '1.2.840.113549.1.1.3': 'md4WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '2.16.840.1.101.3.4.3.2': 'dsa-with-sha256',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
};

const WEAK_SIGNATURES = new Set([
  '1.2.840.113549.1.1.2', // md2WithRSAEncryption
  '1.2.840.113549.1.1.3', // md4WithRSAEncryption
  '1.2.840.113549.1.1.4', // md5WithRSAEncryption
  '1.2.840.113549.1.1.5', // sha1WithRSAEncryption
  '1.3.14.3.2.29', // sha1WithRSASignature (obsolete alias)
  '1.2.840.10040.4.3', // dsa-with-sha1
  '1.2.840.10045.4.1', // ecdsa-with-SHA1
]);

const WEAK_HASHES = new Set([OID.sha1, '1.2.840.113549.2.2', '1.2.840.113549.2.4', '1.2.840.113549.2.5']);

/** Forge verifies PKCS#1 v1.5 signatures with these digests; anything else is verified by OpenSSL. */
const FORGE_VERIFIABLE = new Set([
  '1.2.840.113549.1.1.4',
  '1.2.840.113549.1.1.5',
  '1.3.14.3.2.29',
  '1.2.840.113549.1.1.11',
  '1.2.840.113549.1.1.12',
  '1.2.840.113549.1.1.13',
]);

const EC_CURVE_BITS: Record<string, number> = {
  prime192v1: 192,
  secp224r1: 224,
  prime256v1: 256,
  secp256k1: 256,
  secp384r1: 384,
  secp521r1: 521,
  brainpoolP256r1: 256,
  brainpoolP384r1: 384,
  brainpoolP512r1: 512,
};

function inspectDer(der: Buffer, now: Date, label: string): CertificateFacts {
  const f = forge();
  let asn1: Asn1;
  try {
    asn1 = f.asn1.fromDer(der.toString('binary'));
  } catch {
    throw new CertificateParseError(`${label} is not valid DER: the data is truncated or corrupted`);
  }
  const structure = readStructure(f, asn1, label);
  const key =
    structure.publicKeyOid === OID.rsaEncryption
      ? readRsaWithForge(f, asn1, der, label)
      : readKeyWithNode(der, label);
  const names = { issuer: formatName(f, structure.issuer), subject: formatName(f, structure.subject) };
  const sameName = derOf(f, structure.issuer) === derOf(f, structure.subject);
  return {
    subject: names.subject,
    issuer: names.issuer,
    notBefore: structure.notBefore.toISOString(),
    notAfter: structure.notAfter.toISOString(),
    daysUntilExpiry: Math.floor((structure.notAfter.getTime() - now.getTime()) / DAY_MS),
    keyType: key.keyType,
    ...(key.keyBits !== undefined && { keyBits: key.keyBits }),
    ...(key.curve !== undefined && { curve: key.curve }),
    signatureAlgorithm: signatureName(f, structure),
    weakSignature:
      WEAK_SIGNATURES.has(structure.signatureOid) ||
      (structure.pssHashOid !== undefined && WEAK_HASHES.has(structure.pssHashOid)),
    selfSigned: sameName && key.verifiesItself(structure),
    sha256Fingerprint: createHash('sha256')
      .update(der)
      .digest('hex')
      .toUpperCase()
      .replace(/(..)(?!$)/g, '$1:'),
  };
}

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue } (RFC 5280 4.1). */
function readStructure(f: ForgeModule, cert: Asn1, label: string): CertificateStructure {
  const fail = (): never => {
    throw new CertificateParseError(`${label} is not an X.509 certificate`);
  };
  const [tbs, signatureAlgorithm] = children(cert) ?? fail();
  const tbsFields = (tbs && children(tbs)) ?? fail();
  // version is an optional [0] EXPLICIT field before the serial number
  const first = tbsFields[0];
  const offset = first && first.tagClass === f.asn1.Class.CONTEXT_SPECIFIC && first.type === 0 ? 1 : 0;
  const [, , issuer, validity, subject, publicKeyInfo] = tbsFields.slice(offset);
  const [algorithmOid, algorithmParams] = (signatureAlgorithm && children(signatureAlgorithm)) ?? fail();
  const times = (validity && children(validity)) ?? fail();
  const keyAlgorithm = children(children(publicKeyInfo ?? fail())?.[0] ?? fail())?.[0] ?? fail();
  if (!issuer || !subject || times.length !== 2) fail();
  try {
    const signatureOid = oidOf(f, algorithmOid ?? fail());
    return {
      signatureOid,
      pssHashOid: signatureOid === OID.rsassaPss ? pssHash(f, algorithmParams) : undefined,
      issuer,
      subject,
      notBefore: timeOf(f, times[0]),
      notAfter: timeOf(f, times[1]),
      publicKeyOid: oidOf(f, keyAlgorithm),
    };
  } catch (error) {
    if (error instanceof CertificateParseError) throw error;
    return fail();
  }
}

function children(node: Asn1): Asn1[] | undefined {
  return Array.isArray(node.value) ? node.value : undefined;
}

function oidOf(f: ForgeModule, node: Asn1): string {
  if (node.type !== f.asn1.Type.OID || typeof node.value !== 'string') throw new Error('not an OID');
  return f.asn1.derToOid(node.value);
}

function timeOf(f: ForgeModule, node: Asn1): Date {
  if (typeof node.value !== 'string') throw new Error('not a time');
  const date =
    node.type === f.asn1.Type.UTCTIME
      ? f.asn1.utcTimeToDate(node.value)
      : node.type === f.asn1.Type.GENERALIZEDTIME
        ? f.asn1.generalizedTimeToDate(node.value)
        : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new Error('not a time');
  return date;
}

/** RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] AlgorithmIdentifier DEFAULT sha1, ... } */
function pssHash(f: ForgeModule, params: Asn1 | undefined): string {
  const hashField = (params && children(params))?.find(
    (field) => field.tagClass === f.asn1.Class.CONTEXT_SPECIFIC && field.type === 0,
  );
  const hashAlgorithm = hashField && children(hashField)?.[0];
  const hashOid = hashAlgorithm && children(hashAlgorithm)?.[0];
  return hashOid ? oidOf(f, hashOid) : OID.sha1;
}

function signatureName(f: ForgeModule, structure: CertificateStructure): string {
  if (structure.signatureOid === OID.rsassaPss) {
    const hash = structure.pssHashOid ?? OID.sha1;
    return `RSASSA-PSS with ${f.pki.oids[hash] ?? hash}`;
  }
  return (
    SIGNATURE_NAMES[structure.signatureOid] ?? f.pki.oids[structure.signatureOid] ?? structure.signatureOid
  );
}

interface RdnAttribute {
  type: string;
  value: string;
  valueTagClass: number;
  name?: string;
  shortName?: string;
}

/** `C=DE, O=Example, CN=host` in the order the certificate lists them (as OpenSSL prints them). */
function formatName(f: ForgeModule, name: Asn1): string {
  // RDNAttributesAsArray is public in node-forge but missing from @types/node-forge.
  const pki = f.pki as unknown as { RDNAttributesAsArray(rdn: Asn1): RdnAttribute[] };
  return pki
    .RDNAttributesAsArray(name)
    .map((attribute) => {
      const value = decodeDirectoryString(f, attribute).replace(/[\\,+"<>;]/g, '\\$&');
      return `${attribute.shortName ?? attribute.name ?? attribute.type}=${value}`;
    })
    .join(', ');
}

function decodeDirectoryString(f: ForgeModule, attribute: RdnAttribute): string {
  const bytes = Buffer.from(attribute.value, 'binary');
  if (attribute.valueTagClass === f.asn1.Type.UTF8) return bytes.toString('utf8');
  if (attribute.valueTagClass === f.asn1.Type.BMPSTRING) return bytes.swap16().toString('utf16le');
  return attribute.value;
}

function derOf(f: ForgeModule, node: Asn1): string {
  return f.asn1.toDer(node).getBytes();
}

interface KeyFacts {
  keyType: string;
  keyBits?: number;
  curve?: string;
  verifiesItself(structure: CertificateStructure): boolean;
}

/** forge reads RSA certificates only; it verifies the common PKCS#1 v1.5 signatures itself. */
function readRsaWithForge(f: ForgeModule, asn1: Asn1, der: Buffer, label: string): KeyFacts {
  let cert: Forge.pki.Certificate;
  try {
    cert = f.pki.certificateFromAsn1(asn1);
  } catch {
    // forge rejects some well-formed certificates (unusual extensions, times): OpenSSL reads them.
    return readKeyWithNode(der, label);
  }
  const publicKey = cert.publicKey as Forge.pki.rsa.PublicKey;
  return {
    keyType: 'RSA',
    keyBits: publicKey.n.bitLength(),
    verifiesItself(structure) {
      if (!FORGE_VERIFIABLE.has(structure.signatureOid)) return verifiesWithNode(der);
      try {
        return cert.verify(cert);
      } catch {
        return false;
      }
    },
  };
}

/** EC, Ed25519 and other keys forge cannot read: OpenSSL (through Node) reads and verifies them. */
function readKeyWithNode(der: Buffer, label: string): KeyFacts {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch {
    throw new CertificateParseError(`${label} is not an X.509 certificate that OpenSSL can read`);
  }
  let publicKey: KeyObject;
  try {
    publicKey = cert.publicKey;
  } catch {
    throw new CertificateParseError(`${label} has a public key of an unsupported type`);
  }
  const details = publicKey.asymmetricKeyDetails ?? {};
  const keyType = NODE_KEY_TYPES[publicKey.asymmetricKeyType ?? ''] ?? String(publicKey.asymmetricKeyType);
  const curve = details.namedCurve;
  const keyBits =
    details.modulusLength ??
    (curve !== undefined ? EC_CURVE_BITS[curve] : undefined) ??
    FIXED_KEY_BITS[publicKey.asymmetricKeyType ?? ''];
  return {
    keyType,
    ...(keyBits !== undefined && { keyBits }),
    ...(curve !== undefined && { curve }),
    verifiesItself: () => verifiesWithNode(der),
  };
}

const NODE_KEY_TYPES: Record<string, string> = {
  rsa: 'RSA',
  'rsa-pss': 'RSA-PSS',
  ec: 'EC',
  ed25519: 'Ed25519',
  ed448: 'Ed448',
  dsa: 'DSA',
};

const FIXED_KEY_BITS: Record<string, number> = { ed25519: 256, ed448: 448 };

function verifiesWithNode(der: Buffer): boolean {
  try {
    const cert = new X509Certificate(der);
    return cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}
