import type { InputProblem } from '../core/input-error';
import { checkReferences } from '../manifests/reference-checker';
import { foreignDocumentName } from '../manifests/foreign-document-name';
import type { ForeignDocument, LoadedManifest } from '../manifests/manifest-loader';
import { loadTaxonomy } from '../reference-data/taxonomy';
import { SourceText } from '../yaml/source-text';
import type { YamlDocument } from '../yaml/yaml-reader';
import { detectInputFormat } from './detect-format';
import { joinEstate } from './estate/join-estate';
import { isOverlayDocument, readOverlay, type Overlay } from './estate/overlay';
import { importFides } from './fides/fides-importer';
import type { ImportOptions, ImportResult, InputFormat } from './imported-estate';
import { readInputDocuments } from './input-documents';
import { importOpenLineage } from './openlineage/openlineage-importer';
import { importTerraformPlan } from './terraform-plan/terraform-plan-importer';

export interface ImportedFile {
  path: string;
  text: string;
  format: InputFormat;
}

export interface ImportedEstate {
  /** The joined estate as a manifest the engine evaluates; undefined when nothing could be read. */
  manifest?: LoadedManifest;
  /** Input documents that hold secrets: AC-011 on their file, masked like a manifest's. */
  foreign: ForeignDocument[];
  errors: InputProblem[];
  warnings: InputProblem[];
  /** What each importer read, for `vigil import` and the counts. */
  results: ImportResult[];
}

/** The format of a file: forced by `--input-format` unless it is a Vigil manifest or overlay, else detected. */
export function inputFormatOf(text: string, options: ImportOptions = {}): InputFormat {
  const detected = detectInputFormat(text);
  const isVigil = detected === 'overlay' || /vigil\/v1/.test(text.slice(0, 64 * 1024));
  return options.inputFormat && !isVigil ? options.inputFormat : detected;
}

/**
 * Every imported file of a scan, read by its importer and joined into one estate with the
 * overlays' and config's links: path and transfer rules see flows that cross sources.
 */
export function importEstate(files: ImportedFile[], options: ImportOptions = {}): ImportedEstate {
  const results: ImportResult[] = [];
  const overlays: Overlay[] = [];
  const errors: InputProblem[] = [];
  const fides: { file: string; text: string }[] = [];
  for (const file of files) {
    if (file.format === 'terraform-plan') results.push(importTerraformPlan(file.path, file.text));
    else if (file.format === 'openlineage') results.push(importOpenLineage(file.path, file.text, options));
    else if (file.format === 'fides') fides.push({ file: file.path, text: file.text });
    else if (file.format === 'overlay') {
      const read = readInputDocuments(file.path, file.text);
      errors.push(...read.problems);
      for (const document of read.documents.filter((doc) => isOverlayDocument(doc.value))) {
        const overlay = readOverlay(document);
        errors.push(...overlay.errors);
        overlays.push(overlay.overlay);
      }
    }
  }
  if (fides.length > 0) results.push(...importFides(fides));
  errors.push(...results.flatMap((result) => result.errors));
  const warnings = results.flatMap((result) => result.warnings);
  const foreign = results.flatMap((result) =>
    result.documents
      .filter((document) => document.secrets.length > 0)
      .map(({ document, secrets }) => ({
        file: result.file,
        name: foreignDocumentName(result.file, document.index, result.documents.length),
        document,
        secrets,
      })),
  );
  if (errors.length > 0) return { foreign, errors, warnings, results };
  const estate = joinEstate(results, overlays, options.links ?? []);
  warnings.push(...estate.warnings);
  const references = checkReferences(estate.manifest, loadTaxonomy());
  const at = (pointer: string) => estate.origin.position(pointer);
  errors.push(...references.errors.map((problem) => ({ ...at(problem.pointer), message: problem.message })));
  warnings.push(
    ...references.warnings.map((problem) => ({ ...at(problem.pointer), message: problem.message })),
  );
  const document: YamlDocument = {
    index: 0,
    value: estate.manifest,
    start: 0,
    source: new SourceText(estate.file, ''),
    positions: new WeakMap(),
  };
  return {
    manifest: { file: estate.file, manifest: estate.manifest, document, secrets: [], origin: estate.origin },
    foreign,
    errors,
    warnings,
    results,
  };
}
