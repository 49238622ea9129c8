import type { InputProblem } from '../core/input-error';
import type { Flow, Grant, System } from '../manifests/manifest';
import type { SecretHit } from '../secrets/secret-detector';
import type { YamlDocument } from '../yaml/yaml-reader';

/** The formats Vigil imports besides its own manifests; `overlay` is Vigil's own links file. */
export const IMPORT_FORMATS = ['terraform-plan', 'fides', 'openlineage'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export type InputFormat = ImportFormat | 'vigil' | 'overlay';

export function isImportFormat(value: string): value is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(value);
}

/** Where in an input file a produced resource or field comes from (1-based). */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/**
 * A resource an importer produced, with where it comes from: `at` for the resource, `fields` for
 * the fields read from a place of their own (`encryption/atRest` → the plan's `storage_encrypted`).
 */
interface Traced {
  format: ImportFormat | 'overlay';
  at: SourcePosition;
  fields: Record<string, SourcePosition>;
}

export interface ImportedSystem extends Traced {
  system: System;
  /**
   * The fields (slash paths such as `encryption/atRest`, `dataCategories`) the source can state
   * for this system. A rule needing a field outside the set is not evaluated on it.
   */
  expresses: Set<string>;
  /** Why a field the format could state is unknown here (Terraform's "known after apply", a sensitive value). */
  unknown: Record<string, string>;
  /** The names the links of an overlay or config may use for it: a Terraform address, a Fides key, a namespace. */
  aliases: string[];
}

export interface ImportedFlow extends Traced {
  flow: Flow;
  expresses: Set<string>;
  unknown: Record<string, string>;
}

export interface ImportedGrant extends Traced {
  grant: Grant;
  expresses: Set<string>;
  unknown: Record<string, string>;
}

/** A parsed input document, kept so its secrets are reported (AC-011) and masked like a manifest's. */
export interface ImportedDocument {
  document: YamlDocument;
  secrets: SecretHit[];
}

/** What one importer read from one file. */
export interface ImportResult {
  format: ImportFormat;
  file: string;
  systems: ImportedSystem[];
  flows: ImportedFlow[];
  grants: ImportedGrant[];
  documents: ImportedDocument[];
  errors: InputProblem[];
  warnings: InputProblem[];
}

export function emptyResult(format: ImportFormat, file: string): ImportResult {
  return { format, file, systems: [], flows: [], grants: [], documents: [], errors: [], warnings: [] };
}

/** Importer options the CLI flags and the service's defaults set. */
export interface ImportOptions {
  /** Skip detection: every non-Vigil file is read as this format. */
  inputFormat?: ImportFormat;
  /** OpenLineage: one system per namespace (default) or per dataset. */
  lineageGranularity?: 'namespace' | 'dataset';
  /** OpenLineage: data categories per dataset or field name pattern (the mapping file's content). */
  categoryMapping?: CategoryMapping;
  /** OpenLineage: guess categories from schema field names (findings say the category was inferred). */
  inferCategories?: boolean;
  /** Links given in the config file, beside those of overlay files. */
  links?: EstateLink[];
}

/** Which names in the sources are one system of the estate, and what to call it. */
export interface EstateLink {
  id: string;
  /** Names of the linked resources: Terraform addresses, Fides keys, OpenLineage namespaces or datasets. */
  members: string[];
  at: SourcePosition;
}

export interface CategoryMapping {
  /** Dataset (namespace/name) or namespace → categories held. */
  datasets: Record<string, string[]>;
  /** Field name (case-insensitive, `*` wildcards) → category. */
  fields: { pattern: string; category: string }[];
  file: string;
}
