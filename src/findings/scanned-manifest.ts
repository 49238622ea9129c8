import type { Manifest } from '../manifests/manifest';
import { loadManifests } from '../manifests/manifest-loader';
import { inputFormatOf } from '../importers/import-sources';
import { sortSources } from '../scanner/imported-sources';

/** A file as a scan kept it (secrets masked). */
export interface KeptFile {
  path: string;
  content: string;
}

/** An imported file (plan, Fides, lineage, overlay): its finding's manifest is the estate of all of them. */
export function isImportedFile(content: string): boolean {
  return inputFormatOf(content) !== 'vigil';
}

/**
 * The manifest a finding was reported on, read again from the files its scan kept, by the
 * scanner core's own loader and importers. A Vigil manifest is found by its name in its file;
 * an imported one (plans, Fides, lineage, overlays) is the estate all the scan's imported files
 * join into, as the scan joined them (the service imports with no options). Plain data in and
 * out: no database, no Nest. `files` holds the finding's file, and for an imported one every
 * file of its scan.
 */
export function scannedManifest(
  finding: { file: string; manifest: string },
  files: KeptFile[],
): { manifest: Manifest } | { error: string } {
  const own = files.find((file) => file.path === finding.file);
  if (!own) return { error: `the scan that last saw this finding did not keep ${finding.file}` };
  if (!isImportedFile(own.content)) {
    const loaded = loadManifests([own]);
    if (loaded.errors.length > 0)
      return { error: `${finding.file} no longer loads: ${loaded.errors[0].message}` };
    const found = loaded.manifests.find((candidate) => candidate.manifest.metadata.name === finding.manifest);
    return found
      ? { manifest: found.manifest }
      : { error: `${finding.file} has no manifest named ${finding.manifest}` };
  }
  const imported = files.filter((file) => isImportedFile(file.content));
  const estate = sortSources(imported, {}).estate;
  if (!estate?.manifest || estate.errors.length > 0)
    return {
      error: `the imported files of the scan no longer join into an estate${estate?.errors[0] ? `: ${estate.errors[0].message}` : ''}`,
    };
  if (estate.manifest.manifest.metadata.name !== finding.manifest)
    return {
      error: `the imported estate is ${estate.manifest.manifest.metadata.name}, not ${finding.manifest}`,
    };
  return { manifest: estate.manifest.manifest };
}
