import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { posix, win32 } from 'node:path';

/** A PEM file larger than this is not a certificate (a long chain is a few tens of kB). */
export const MAX_CERTIFICATE_FILE_BYTES = 1024 * 1024;

/** Returns a file's text, or undefined when there is no such file. */
export type CertificateFileReader = (path: string) => string | undefined;

export type CertificateSource = { pem: string; origin: 'inline' | 'file'; path?: string } | { error: string };

const PEM_CERTIFICATE = '-----BEGIN CERTIFICATE-----';

/**
 * Turns a `transport.certificate` value into PEM text: either the value itself (inline PEM) or the
 * file it names, relative to the manifest's folder. The reader is injected so the service resolves
 * against the uploaded files and the CLI against the disk. Paths use `/` (a `\` is read as `/`), and
 * the returned `path` is the manifest's folder joined with the value, in the same form as `manifestFile`.
 * Error messages quote the path, never the content.
 */
export function resolveCertificateSource(
  value: string,
  manifestFile: string,
  readFile: CertificateFileReader,
): CertificateSource {
  if (typeof value !== 'string')
    return { error: 'certificate must be a string: a PEM file path or inline PEM' };
  if (value.includes(PEM_CERTIFICATE)) return { pem: value, origin: 'inline' };
  const otherBlock = /-----BEGIN ([A-Z0-9 ]{1,40})-----/.exec(value);
  if (otherBlock) {
    return { error: `certificate holds a "${otherBlock[1]}" PEM block, not a "CERTIFICATE" block` };
  }

  const reference = value.trim();
  if (reference === '') return { error: 'certificate is empty: give a PEM file path or inline PEM' };
  if (reference.includes('\0')) return { error: 'certificate path contains a NUL character' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(reference)) {
    return {
      error: `certificate '${reference}' is a URL: give a PEM file next to the manifest, or inline PEM`,
    };
  }
  if (posix.isAbsolute(reference) || win32.isAbsolute(reference)) {
    return {
      error: `certificate path '${reference}' is absolute: give a path relative to the manifest's folder`,
    };
  }
  const relative = posix.normalize(reference.replace(/\\/g, '/'));
  if (relative === '..' || relative.startsWith('../')) {
    return { error: `certificate path '${reference}' leaves the manifest's folder` };
  }

  const manifestFolder = posix.dirname(manifestFile.replace(/\\/g, '/'));
  const path = posix.join(manifestFolder, relative);
  let content: string | undefined;
  try {
    content = readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    return { error: `certificate file '${reference}' cannot be read${code ? ` (${code})` : ''}` };
  }
  if (content === undefined) {
    return { error: `certificate file '${reference}' not found (looked for ${path})` };
  }
  if (Buffer.byteLength(content, 'utf8') > MAX_CERTIFICATE_FILE_BYTES) {
    return { error: `certificate file '${reference}' is larger than 1 MB: not a PEM certificate` };
  }
  return { pem: content, origin: 'file', path };
}

/**
 * A reader for the CLI: a file's text from the disk, undefined when absent. It reads at most one byte
 * more than the cap, so a huge file named by mistake is refused without being loaded.
 */
export function readCertificateFileFromDisk(path: string): string | undefined {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const buffer = Buffer.alloc(Math.min(size, MAX_CERTIFICATE_FILE_BYTES + 1));
  const fd = openSync(path, 'r');
  try {
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
