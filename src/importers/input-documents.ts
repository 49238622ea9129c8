import type { InputProblem } from '../core/input-error';
import { toPointer } from '../json-pointer/json-pointer';
import { findSecrets } from '../secrets/secret-detector';
import { locate } from '../yaml/document-locator';
import { SourceText } from '../yaml/source-text';
import { readYaml, type ReadLimits, type YamlDocument } from '../yaml/yaml-reader';
import type { ImportedDocument, SourcePosition } from './imported-estate';

/** Deep enough for Terraform plans of nested modules and OpenLineage facets, still bounded. */
const IMPORT_READ_LIMITS: ReadLimits = { maxDepth: 128, maxAliasExpansion: 10_000 };

/**
 * Reads an input file (YAML, JSON, or JSON Lines) with the positions of its nodes, so that every
 * resource an importer makes can point back at the line it came from.
 */
export function readInputDocuments(
  file: string,
  text: string,
): { documents: YamlDocument[]; problems: InputProblem[] } {
  if (looksLikeJsonLines(text)) return readJsonLines(file, text);
  const read = readYaml(new SourceText(file, text), IMPORT_READ_LIMITS);
  return { documents: read.documents.filter((document) => document.value != null), problems: read.problems };
}

/** The parsed documents with their secrets, for AC-011 and masking. */
export function withSecrets(documents: YamlDocument[]): ImportedDocument[] {
  return documents.map((document) => ({ document, secrets: findSecrets(document.value) }));
}

/** Where the node at `segments` is written (its deepest existing ancestor when it is missing). */
export function positionOf(document: YamlDocument, segments: (string | number)[]): SourcePosition {
  return { file: document.source.file, ...locate(document, toPointer(segments)) };
}

function looksLikeJsonLines(text: string): boolean {
  const first = text.indexOf('\n');
  if (first === -1) return false;
  const head = text.slice(0, first).trim();
  const rest = text.slice(first + 1).trimStart();
  return head.startsWith('{') && head.endsWith('}') && rest.startsWith('{');
}

/**
 * JSON Lines read as one JSON array of the same length: each line break between records becomes
 * a comma, so offsets, and therefore lines and columns, stay those of the file.
 */
function readJsonLines(file: string, text: string): { documents: YamlDocument[]; problems: InputProblem[] } {
  const original = new SourceText(file, text);
  const joined = '[' + text.replace(/\n(?=[ \t\r]*\{)/g, ',').replace(/\n/g, ' ') + ']';
  const shifted = new SourceText(file, joined);
  shifted.position = (offset: number) => original.position(Math.max(0, offset - 1));
  const read = readYaml(shifted, IMPORT_READ_LIMITS);
  return { documents: read.documents, problems: read.problems };
}
