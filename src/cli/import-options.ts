import * as fs from 'node:fs';
import { InputError } from '../core/input-error';
import type { CategoryMapping, ImportFormat, ImportOptions } from '../importers/imported-estate';
import { isImportFormat, IMPORT_FORMATS } from '../importers/imported-estate';
import { readLinks } from '../importers/estate/overlay';
import { SourceText } from '../yaml/source-text';
import { readYaml } from '../yaml/yaml-reader';
import { UsageError } from './usage-error';

export interface ImportFlags {
  inputFormat?: string;
  lineageGranularity?: string;
  categoryMap?: string;
  inferCategories?: boolean;
  config?: string;
}

/** The importer flags of `scan` and `import`, and the `links` of the config file. */
export function importOptions(flags: ImportFlags): ImportOptions {
  if (flags.inputFormat !== undefined && !isImportFormat(flags.inputFormat))
    throw new UsageError(`--input-format must be one of ${IMPORT_FORMATS.join(', ')}`);
  if (flags.lineageGranularity !== undefined && !['namespace', 'dataset'].includes(flags.lineageGranularity))
    throw new UsageError('--lineage-granularity must be namespace or dataset');
  return {
    inputFormat: flags.inputFormat as ImportFormat | undefined,
    lineageGranularity: flags.lineageGranularity as ImportOptions['lineageGranularity'],
    categoryMapping: flags.categoryMap ? readCategoryMapping(flags.categoryMap) : undefined,
    inferCategories: flags.inferCategories === true,
    links: flags.config ? readConfigLinks(flags.config) : [],
  };
}

/**
 * `--category-map FILE`:
 *   datasets: { "postgres://db:5432/public.customers": [user.contact.email] }
 *   fields: { "*email*": user.contact.email }
 */
function readCategoryMapping(file: string): CategoryMapping {
  const document = readDocument(file, 'category map');
  const value = (document ?? {}) as { datasets?: unknown; fields?: unknown };
  const problem = (message: string) => new InputError([{ file, line: 1, column: 1, message }]);
  const datasets: Record<string, string[]> = {};
  for (const [name, categories] of Object.entries((value.datasets ?? {}) as Record<string, unknown>)) {
    if (!Array.isArray(categories) || !categories.every((c) => typeof c === 'string'))
      throw problem(`datasets.${name} must be a list of data categories`);
    datasets[name] = categories as string[];
  }
  const fields = Object.entries((value.fields ?? {}) as Record<string, unknown>).map(
    ([pattern, category]) => {
      if (typeof category !== 'string') throw problem(`fields.${pattern} must be one data category`);
      return { pattern, category };
    },
  );
  return { datasets, fields, file };
}

function readConfigLinks(file: string) {
  const text = fs.readFileSync(file, 'utf8');
  const read = readYaml(new SourceText(file, text));
  const document = read.documents[0];
  if (!document || typeof document.value !== 'object' || document.value === null) return [];
  const errors: InputError['problems'] = [];
  const links = readLinks((document.value as { links?: unknown }).links, ['links'], document, errors);
  if (errors.length > 0) throw new InputError(errors);
  return links;
}

function readDocument(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new InputError([{ file, line: 0, column: 0, message: `cannot read the ${what}` }]);
  }
  const read = readYaml(new SourceText(file, text));
  if (read.problems.length > 0) throw new InputError(read.problems);
  return read.documents[0]?.value;
}
