import type { Finding } from '../core/finding';
import { pointerSegments } from '../json-pointer/json-pointer';
import type { LoadedManifest, ManifestSource } from '../manifests/manifest-loader';
import { redactSecrets } from '../secrets/mask';
import { tokenTexts, type SecretHit } from '../secrets/secret-detector';
import { decodedScalarSpan } from '../yaml/document-locator';
import type { YamlDocument } from '../yaml/yaml-reader';

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

/** A parsed document and the secrets found in it: a Vigil manifest, or another document of a scanned file. */
export interface DocumentSecrets {
  document: YamlDocument;
  secrets: SecretHit[];
}

/**
 * A file's text with every secret its documents hold masked, for storing or showing it (the
 * service's remediation excerpts come from it); undefined when the file holds none. Works from
 * the scan's own parse: the file is not read again. A secret written other than verbatim (YAML
 * escapes, a quoted scalar folded over lines) cannot be found in the text, so the scalar holding
 * it is rewritten whole as a masked double-quoted scalar over the same lines; then every
 * verbatim occurrence of a secret anywhere in the text (a comment quoting it) is masked too.
 */
export function maskedFileText(source: ManifestSource, documents: DocumentSecrets[]): string | undefined {
  const raw = documents.flatMap(rawSecrets);
  if (raw.length === 0) return undefined;
  const redact = (text: string) => redactSecrets(text, raw);
  // Every document of a file shares its decoded text, which the spans index; a BOM is given back.
  const decoded = documents[0].document.source.text;
  const bom = typeof source.content === 'string' && source.content.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const rewrites = new Map<number, { end: number; replacement: string }>();
  for (const { document, secrets } of documents) {
    for (const secret of secrets) {
      const value = valueAt(document.value, secret.pointer);
      const span = decodedScalarSpan(document, secret.pointer);
      if (typeof value !== 'string' || span === undefined || rewrites.has(span.start)) continue;
      rewrites.set(span.start, {
        end: span.end,
        replacement: maskedScalar(redact(value), decoded.slice(span.start, span.end)),
      });
    }
  }
  let text = '';
  let copied = 0;
  for (const [start, { end, replacement }] of [...rewrites].sort(([a], [b]) => a - b)) {
    text += decoded.slice(copied, start) + replacement;
    copied = end;
  }
  return bom + redact(text + decoded.slice(copied));
}

/**
 * A double-quoted scalar with the value `masked` that takes as many lines as `source` did, so
 * every line number after it (findings, excerpts) stays right: each line break is escaped (`\`
 * at the end of a line adds nothing to the value) and each continuation line keeps its indent.
 */
function maskedScalar(masked: string, source: string): string {
  const lines = source.split('\n');
  const quoted = JSON.stringify(masked);
  if (lines.length === 1) return quoted;
  const indents = lines.slice(1).map((line) => /^[ \t]*/.exec(line)![0]);
  // A blank line inside the scalar has no indent of its own: borrow the closing line's.
  const fallback = indents[indents.length - 1] || ' ';
  const continuation = indents.map((indent) => (indent === '' ? fallback : indent));
  return [
    `${quoted.slice(0, -1)}\\`,
    ...continuation.slice(0, -1).map((indent) => `${indent}\\`),
    `${continuation[continuation.length - 1]}"`,
  ].join('\n');
}

/** The values to mask: each secret's whole value, and the known-format tokens within it as written. */
function rawSecrets({ document, secrets }: DocumentSecrets): string[] {
  const raw: string[] = [];
  for (const secret of secrets) {
    const value = valueAt(document.value, secret.pointer);
    if (typeof value !== 'string' || value.length === 0) continue;
    raw.push(value, ...tokenTexts(value));
  }
  return raw;
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
