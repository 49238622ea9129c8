import * as fs from 'node:fs';
import { dump } from 'js-yaml';
import { InputError } from '../core/input-error';
import { importEstate } from '../importers/import-sources';
import { isImportFormat, IMPORT_FORMATS } from '../importers/imported-estate';
import { detectInputFormat } from '../importers/detect-format';
import { EXIT_PASSED } from './exit-codes';
import { collectManifestFiles } from './collect-files';
import { importOptions, type ImportFlags } from './import-options';
import { UsageError } from './usage-error';

export interface ImportCommandOptions extends ImportFlags {
  output: string;
}

/**
 * `vigil import FORMAT FILE... -o OUT.yaml`: the Vigil manifest the importers make of the files
 * (overlays among them applied), for teams who want to enrich it by hand and scan it as their own.
 */
export function runImport(format: string, paths: string[], options: ImportCommandOptions): number {
  if (!isImportFormat(format))
    throw new UsageError(`unknown import format '${format}' (expected ${IMPORT_FORMATS.join(', ')})`);
  const importing = importOptions({ ...options, inputFormat: format });
  const files = collectManifestFiles(paths).map((path) => {
    const text = fs.readFileSync(path, 'utf8');
    return { path, text, format: detectInputFormat(text) === 'overlay' ? ('overlay' as const) : format };
  });
  const estate = importEstate(files, importing);
  if (estate.errors.length > 0 || !estate.manifest) throw new InputError(estate.errors);
  for (const warning of estate.warnings)
    process.stderr.write(`${warning.file}:${warning.line}:${warning.column}: warning: ${warning.message}\n`);
  const header = `# Written by vigil import ${format} from ${files.map((file) => file.path).join(', ')}\n`;
  fs.writeFileSync(options.output, header + dump(estate.manifest.manifest, { lineWidth: 120, noRefs: true }));
  const { systems = [], flows = [], access = [] } = estate.manifest.manifest;
  process.stderr.write(
    `${options.output}: ${systems.length} systems, ${flows.length} flows, ${access.length} grants\n`,
  );
  return EXIT_PASSED;
}
