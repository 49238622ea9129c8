import { pointerSegments } from '../json-pointer/json-pointer';
import type { LoadedManifest, ManifestSource } from '../manifests/manifest-loader';
import { redactSecrets } from '../secrets/mask';
import type { Finding } from '../core/finding';

/**
 * Findings quote manifest values in messages and evidence; a value that is a secret must never
 * leave the scanner in clear, so every string of a finding is redacted against the manifest's
 * secrets before anything renders or stores it.
 */
export function maskFindingSecrets(findings: Finding[], loaded: LoadedManifest): Finding[] {
  if (loaded.secrets.length === 0) return findings;
  const raw = rawSecrets(loaded);
  const redact = (text: string) => redactSecrets(text, raw);
  for (const finding of findings) {
    finding.message = redact(finding.message);
    finding.evidence = redactDeep(finding.evidence, redact) as Record<string, unknown>;
    if (finding.fix) finding.fix = redactDeep(finding.fix, redact) as Finding['fix'];
  }
  return findings;
}

/**
 * A file's text with every secret its manifests hold masked, for storing or showing it; undefined
 * when the file holds none. Works from the scan's own parse: the file is not read again.
 */
export function maskedFileText(source: ManifestSource, manifests: LoadedManifest[]): string | undefined {
  const raw = manifests.flatMap(rawSecrets);
  if (raw.length === 0) return undefined;
  const text = typeof source.content === 'string' ? source.content : manifests[0].document.source.text;
  return redactSecrets(text, raw);
}

function rawSecrets(loaded: LoadedManifest): string[] {
  return loaded.secrets
    .map((secret) => valueAt(loaded.document.value, secret.pointer))
    .filter((value): value is string => typeof value === 'string' && value.length > 0);
}

function redactDeep(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item, redact)]));
  }
  return value;
}

function valueAt(document: unknown, pointer: string): unknown {
  let node = document;
  for (const segment of pointerSegments(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}
