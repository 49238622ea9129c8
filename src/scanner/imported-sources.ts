import type { InputProblem } from '../core/input-error';
import { importEstate, inputFormatOf, type ImportedFile } from '../importers/import-sources';
import { decodeManifestBytes } from '../manifests/file-decoder';
import type { ForeignDocument, LoadedManifest, ManifestSource } from '../manifests/manifest-loader';
import type { ImportOptions } from '../importers/imported-estate';
import type { DocumentSecrets } from './secret-masking';

/** Plans and event histories are larger than hand-written manifests; still bounded. */
const MAX_IMPORT_FILE_BYTES = 256 * 1024 * 1024;

export interface SortedSources {
  /** Vigil manifests (and whatever is not an import format), loaded as before. */
  native: ManifestSource[];
  /** The imported files, joined; absent when there are none. */
  estate?: {
    manifest?: LoadedManifest;
    files: string[];
    foreign: ForeignDocument[];
    errors: InputProblem[];
    warnings: InputProblem[];
    /** Each imported file with its parsed documents, for the masked copy of files holding secrets. */
    masking: { source: ManifestSource; documents: DocumentSecrets[] }[];
  };
  problems: InputProblem[];
}

/**
 * Splits a part's files by content: Vigil manifests go to the manifest loader, Terraform plans,
 * Fides files, OpenLineage events and overlays to the importers, which join them into one estate.
 */
export function sortSources(sources: ManifestSource[], options: { import?: ImportOptions }): SortedSources {
  const native: ManifestSource[] = [];
  const imported: ImportedFile[] = [];
  const problems: InputProblem[] = [];
  for (const source of sources) {
    const text = sourceText(source);
    if ('error' in text) {
      // The manifest loader reports undecodable files with its own message.
      native.push(source);
      continue;
    }
    const format = inputFormatOf(text.text, options.import);
    if (format === 'vigil') native.push({ path: source.path, content: text.text });
    else imported.push({ path: source.path, text: text.text, format });
  }
  if (imported.length === 0) return { native, problems };
  const estate = importEstate(imported, options.import);
  const masking = imported.map((file) => ({
    source: { path: file.path, content: file.text },
    documents: estate.foreign.filter((foreign) => foreign.file === file.path),
  }));
  return {
    native,
    problems,
    estate: {
      manifest: estate.manifest,
      files: imported.filter((file) => file.format !== 'overlay').map((file) => file.path),
      foreign: estate.foreign,
      errors: estate.errors,
      warnings: estate.warnings,
      masking: masking.filter((entry) => entry.documents.length > 0),
    },
  };
}

function sourceText(source: ManifestSource): { text: string } | { error: string } {
  if (typeof source.content === 'string') {
    return { text: source.content.charCodeAt(0) === 0xfeff ? source.content.slice(1) : source.content };
  }
  return decodeManifestBytes(source.content, MAX_IMPORT_FILE_BYTES);
}
