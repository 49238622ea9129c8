import type { InputProblem } from '../core/input-error';
import type { ManifestOrigin } from '../core/manifest-origin';
import { loadTaxonomy } from '../reference-data/taxonomy';
import { decodeManifestBytes, DEFAULT_MAX_FILE_BYTES } from './file-decoder';
import { locate } from '../yaml/document-locator';
import { foreignDocumentName } from './foreign-document-name';
import type { Manifest } from './manifest';
import { checkReferences } from './reference-checker';
import { validateManifestSchema } from './schema-validator';
import { findSecrets, type SecretHit } from '../secrets/secret-detector';
import { SourceText } from '../yaml/source-text';
import { readYaml, DEFAULT_READ_LIMITS, type ReadLimits, type YamlDocument } from '../yaml/yaml-reader';

/** A file handed to the scanner: read from disk by the CLI, uploaded to the service. */
export interface ManifestSource {
  path: string;
  content: string | Uint8Array;
}

export interface LoadedManifest {
  file: string;
  manifest: Manifest;
  document: YamlDocument;
  /** Secret-looking values found anywhere in the document (AC-011); masked wherever shown. */
  secrets: SecretHit[];
  /** Set for a manifest importers built: where its nodes come from and what its sources can state. */
  origin?: ManifestOrigin;
}

/**
 * A document of a scanned file that is not a Vigil manifest (a Kubernetes Secret beside the
 * manifests, say) and holds secrets: they are reported (AC-011 on the file) and masked like a
 * manifest's.
 */
export interface ForeignDocument {
  file: string;
  /** What findings name as the manifest and resource: the file, with the document's number when it has several. */
  name: string;
  document: YamlDocument;
  secrets: SecretHit[];
}

export interface LoadOptions {
  maxFileBytes?: number;
  readLimits?: ReadLimits;
  /** A document that is not a Vigil manifest is an error instead of a skipped document. */
  strict?: boolean;
}

export interface LoadResult {
  manifests: LoadedManifest[];
  /** Documents that are not Vigil manifests but hold secrets (not in strict mode: they are errors there). */
  foreign: ForeignDocument[];
  /** Input errors: any of them means nothing may be scanned. */
  errors: InputProblem[];
  /** Deprecated keys, skipped documents. */
  warnings: InputProblem[];
}

export function loadManifests(sources: ManifestSource[], options: LoadOptions = {}): LoadResult {
  const result: LoadResult = { manifests: [], foreign: [], errors: [], warnings: [] };
  for (const source of sources) loadSource(source, options, result);
  return result;
}

function loadSource(source: ManifestSource, options: LoadOptions, result: LoadResult): void {
  const text = decodeSource(source, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  if ('error' in text) {
    result.errors.push({ file: source.path, line: 0, column: 0, message: text.error });
    return;
  }
  const read = readYaml(new SourceText(source.path, text.text), options.readLimits ?? DEFAULT_READ_LIMITS);
  result.errors.push(...read.problems);
  for (const document of read.documents) loadDocument(document, read.documents.length, options, result);
}

function decodeSource(source: ManifestSource, maxBytes: number): { text: string } | { error: string } {
  if (typeof source.content !== 'string') return decodeManifestBytes(source.content, maxBytes);
  if (source.content.length > maxBytes) return decodeManifestBytes(Buffer.from(source.content), maxBytes);
  if (source.content.includes('\u0000'))
    return { error: 'file is binary (it contains NUL bytes), not YAML or JSON' };
  return { text: source.content.charCodeAt(0) === 0xfeff ? source.content.slice(1) : source.content };
}

function loadDocument(
  document: YamlDocument,
  documentsInFile: number,
  options: LoadOptions,
  result: LoadResult,
): void {
  const value = document.value;
  if (value === null || value === undefined) return; // an empty document, e.g. a trailing '---'
  const problemAt = (pointer: string, message: string): InputProblem => ({
    file: document.source.file,
    ...locate(document, pointer),
    message,
  });
  if (!isVigilManifest(value)) {
    const problem = problemAt(
      '',
      `document ${document.index + 1} is not a Vigil manifest (apiVersion vigil/v1, kind Integration); skipped`,
    );
    (options.strict ? result.errors : result.warnings).push(problem);
    const secrets = options.strict ? [] : findSecrets(value);
    if (secrets.length > 0) {
      const file = document.source.file;
      const name = foreignDocumentName(file, document.index, documentsInFile);
      result.foreign.push({ file, name, document, secrets });
    }
    return;
  }
  // Secrets first: a secret under a field the schema does not know is reported as the secret
  // (AC-011), not as an unknown field, so the user learns what matters and the value stays masked.
  const secrets = findSecrets(value);
  const secretPointers = new Set(secrets.map((secret) => secret.pointer));
  const violations = validateManifestSchema(value).filter(
    (violation) => !(violation.unknownField && secretPointers.has(violation.pointer)),
  );
  if (violations.length > 0) {
    result.errors.push(...violations.map((violation) => problemAt(violation.pointer, violation.message)));
    return;
  }
  const manifest = value as Manifest;
  const references = checkReferences(manifest, loadTaxonomy());
  result.errors.push(...references.errors.map((problem) => problemAt(problem.pointer, problem.message)));
  result.warnings.push(...references.warnings.map((problem) => problemAt(problem.pointer, problem.message)));
  if (references.errors.length === 0)
    result.manifests.push({ file: document.source.file, manifest, document, secrets });
}

function isVigilManifest(value: unknown): boolean {
  if (typeof value !== 'object' || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return record.apiVersion === 'vigil/v1' && record.kind === 'Integration';
}
