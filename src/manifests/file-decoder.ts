/** Turns the bytes of an uploaded or read file into text, refusing what is not UTF-8 text. */

export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeManifestBytes(
  bytes: Uint8Array,
  maxBytes = DEFAULT_MAX_FILE_BYTES,
): { text: string } | { error: string } {
  if (bytes.byteLength > maxBytes) {
    return { error: `file is ${formatBytes(bytes.byteLength)}, over the limit of ${formatBytes(maxBytes)}` };
  }
  if (bytes.indexOf(0) !== -1) return { error: 'file is binary (it contains NUL bytes), not YAML or JSON' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { error: 'file is not valid UTF-8 text' };
  }
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${bytes} bytes`;
}
