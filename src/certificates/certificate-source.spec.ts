import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MAX_CERTIFICATE_FILE_BYTES,
  readCertificateFileFromDisk,
  resolveCertificateSource,
  type CertificateFileReader,
} from './certificate-source';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

/** A reader over uploaded files, as the service uses it; records the paths it was asked for. */
function uploads(files: Record<string, string>): CertificateFileReader & { asked: string[] } {
  const asked: string[] = [];
  const reader = (path: string) => {
    asked.push(path);
    return files[path];
  };
  return Object.assign(reader, { asked });
}

describe('resolveCertificateSource', () => {
  it('takes a value holding a PEM certificate as inline PEM, without reading any file', () => {
    const reader = uploads({});
    expect(resolveCertificateSource(`  ${PEM}`, 'manifests/app.yaml', reader)).toEqual({
      pem: `  ${PEM}`,
      origin: 'inline',
    });
    expect(reader.asked).toEqual([]);
  });

  it('reads a path relative to the manifest folder', () => {
    const reader = uploads({ 'manifests/certs/openai.pem': PEM });
    expect(resolveCertificateSource('certs/openai.pem', 'manifests/app.yaml', reader)).toEqual({
      pem: PEM,
      origin: 'file',
      path: 'manifests/certs/openai.pem',
    });
  });

  it('resolves next to a manifest at the root, with ./ and with Windows separators', () => {
    const reader = uploads({ 'certs/openai.pem': PEM, 'ops/certs/a.pem': PEM });
    expect(resolveCertificateSource('./certs/openai.pem', 'app.yaml', reader)).toMatchObject({
      path: 'certs/openai.pem',
    });
    expect(resolveCertificateSource('certs\\a.pem', 'ops\\app.yaml', reader)).toMatchObject({
      path: 'ops/certs/a.pem',
    });
  });

  it('allows .. that stays inside the manifest folder', () => {
    const reader = uploads({ 'manifests/openai.pem': PEM });
    expect(resolveCertificateSource('certs/../openai.pem', 'manifests/app.yaml', reader)).toMatchObject({
      origin: 'file',
      path: 'manifests/openai.pem',
    });
  });

  it('refuses paths that leave the manifest folder, without reading them', () => {
    const reader = uploads({ 'secrets.pem': PEM });
    for (const value of ['../secrets.pem', 'certs/../../secrets.pem', '..', '..\\secrets.pem']) {
      expect(resolveCertificateSource(value, 'manifests/app.yaml', reader)).toEqual({
        error: `certificate path '${value}' leaves the manifest's folder`,
      });
    }
    expect(reader.asked).toEqual([]);
  });

  it('refuses absolute paths, POSIX and Windows', () => {
    const reader = uploads({});
    for (const value of ['/etc/ssl/cert.pem', 'C:\\certs\\a.pem', '\\\\server\\share\\a.pem']) {
      expect(resolveCertificateSource(value, 'app.yaml', reader)).toEqual({
        error: `certificate path '${value}' is absolute: give a path relative to the manifest's folder`,
      });
    }
    expect(reader.asked).toEqual([]);
  });

  it('refuses URLs, empty values and PEM blocks that are not certificates', () => {
    const reader = uploads({});
    expect(resolveCertificateSource('https://example.com/cert.pem', 'app.yaml', reader)).toEqual({
      error:
        "certificate 'https://example.com/cert.pem' is a URL: give a PEM file next to the manifest, or inline PEM",
    });
    expect(resolveCertificateSource('  ', 'app.yaml', reader)).toEqual({
      error: 'certificate is empty: give a PEM file path or inline PEM',
    });
    const key = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
    const result = resolveCertificateSource(key, 'app.yaml', reader);
    expect(result).toEqual({
      error: 'certificate holds a "PRIVATE KEY" PEM block, not a "CERTIFICATE" block',
    });
    expect(JSON.stringify(result)).not.toContain('MIIEvQ');
  });

  it('says which file is missing and where it looked', () => {
    expect(resolveCertificateSource('certs/missing.pem', 'manifests/app.yaml', uploads({}))).toEqual({
      error: "certificate file 'certs/missing.pem' not found (looked for manifests/certs/missing.pem)",
    });
  });

  it('refuses a file over 1 MB', () => {
    const big = 'x'.repeat(MAX_CERTIFICATE_FILE_BYTES + 1);
    expect(resolveCertificateSource('big.pem', 'app.yaml', uploads({ 'big.pem': big }))).toEqual({
      error: "certificate file 'big.pem' is larger than 1 MB: not a PEM certificate",
    });
    const justUnder = PEM + ' '.repeat(MAX_CERTIFICATE_FILE_BYTES - PEM.length);
    expect(resolveCertificateSource('ok.pem', 'app.yaml', uploads({ 'ok.pem': justUnder }))).toMatchObject({
      origin: 'file',
    });
  });

  it('turns a reader failure into an error message with the error code', () => {
    const failing = () => {
      throw Object.assign(new Error('EACCES: permission denied, open /srv/x'), { code: 'EACCES' });
    };
    expect(resolveCertificateSource('certs/a.pem', 'app.yaml', failing)).toEqual({
      error: "certificate file 'certs/a.pem' cannot be read (EACCES)",
    });
  });
});

describe('readCertificateFileFromDisk', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'vigil-cert-'));
    mkdirSync(join(folder, 'certs'));
    writeFileSync(join(folder, 'certs', 'a.pem'), PEM);
    writeFileSync(join(folder, 'huge.pem'), Buffer.alloc(3 * MAX_CERTIFICATE_FILE_BYTES, 0x41));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('reads a file, and answers undefined for a missing one', () => {
    expect(readCertificateFileFromDisk(join(folder, 'certs', 'a.pem'))).toBe(PEM);
    expect(readCertificateFileFromDisk(join(folder, 'certs', 'none.pem'))).toBeUndefined();
  });

  it('reads no more than one byte past the cap, so the resolver refuses a huge file', () => {
    expect(readCertificateFileFromDisk(join(folder, 'huge.pem'))).toHaveLength(
      MAX_CERTIFICATE_FILE_BYTES + 1,
    );
    expect(
      resolveCertificateSource('huge.pem', join(folder, 'app.yaml'), readCertificateFileFromDisk),
    ).toEqual({
      error: "certificate file 'huge.pem' is larger than 1 MB: not a PEM certificate",
    });
  });

  it('resolves against a manifest on disk', () => {
    expect(
      resolveCertificateSource('certs/a.pem', join(folder, 'app.yaml'), readCertificateFileFromDisk),
    ).toEqual({
      pem: PEM,
      origin: 'file',
      path: join(folder, 'certs', 'a.pem'),
    });
  });

  it('reports a folder named as a certificate as unreadable', () => {
    expect(resolveCertificateSource('certs', join(folder, 'app.yaml'), readCertificateFileFromDisk)).toEqual({
      error: "certificate file 'certs' cannot be read (EISDIR)",
    });
  });
});
