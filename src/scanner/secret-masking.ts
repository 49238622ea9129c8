import { pointerSegments } from '../manifests/document-locator';
import { loadManifests, type LoadedManifest, type ManifestSource } from '../manifests/manifest-loader';
import { redactSecrets } from '../secrets/mask';
import type { Finding } from './finding';

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

/** A manifest's text with every secret the scanner would report masked, for storing it. */
export function maskSecretsInText(source: ManifestSource & { content: string }): string {
  const raw = loadManifests([source]).manifests.flatMap(rawSecrets);
  return raw.length > 0 ? redactSecrets(source.content, raw) : source.content;
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
