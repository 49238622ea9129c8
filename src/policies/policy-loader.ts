import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError, type InputProblem } from '../core/input-error';
import { schemaValidator, type SchemaValidator } from '../json-schema/json-schema-validator';
import { locate } from '../yaml/document-locator';
import { SourceText } from '../yaml/source-text';
import { readYaml, type YamlDocument } from '../yaml/yaml-reader';
import policyFileSchema from './policy-file.schema.json';
import type { RuleDefinition } from './rule';

/** The policy modules shipped with Vigil, one folder per module. */
export const BUNDLED_POLICIES_DIR = path.join(__dirname, '..', '..', 'policies');

/** Module order of the catalogue; custom modules follow in name order. */
const BUNDLED_MODULE_ORDER = ['gdpr', 'access-control', 'encryption-at-rest'];

/** A rule definition with where it was written, so compile errors can point at the file. */
export interface RuleSource {
  definition: RuleDefinition;
  document: YamlDocument;
  /** Shipped with Vigil (and so checked by its test suite), as opposed to a custom policy. */
  bundled: boolean;
}

let validator: SchemaValidator | undefined;

/** Reads every rule file below the folders; any invalid file makes the whole load fail. */
export function readPolicyFolders(folders: string[]): RuleSource[] {
  const problems: InputProblem[] = [];
  const rules: RuleSource[] = [];
  for (const folder of folders) {
    if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
      problems.push({ file: folder, line: 0, column: 0, message: 'policy folder does not exist' });
      continue;
    }
    for (const file of listRuleFiles(folder)) {
      const source = new SourceText(file, fs.readFileSync(file, 'utf8'));
      rules.push(...parsePolicyText(source, problems, folder === BUNDLED_POLICIES_DIR));
    }
  }
  checkUniqueIds(rules, problems);
  if (problems.length > 0) throw new InputError(problems);
  return sortByCatalogue(rules);
}

/** Parses one policy file's text (also used for policies uploaded to the service). */
export function parsePolicyText(source: SourceText, problems: InputProblem[], bundled = false): RuleSource[] {
  const read = readYaml(source);
  problems.push(...read.problems);
  const rules: RuleSource[] = [];
  for (const document of read.documents) {
    if (document.value === null) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    validator ??= schemaValidator(() => require('./policy-file.validator.js'), policyFileSchema);
    if (!validator(document.value)) {
      for (const error of validator.errors ?? []) {
        const field = error.instancePath || '/';
        const detail =
          error.keyword === 'additionalProperties'
            ? `unknown field '${error.params.additionalProperty}'`
            : error.keyword === 'enum'
              ? `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`
              : error.message;
        problems.push({
          file: source.file,
          ...locate(document, error.instancePath),
          message: `${field}: ${detail}`,
        });
      }
      continue;
    }
    rules.push({ definition: document.value as RuleDefinition, document, bundled });
  }
  return rules;
}

function listRuleFiles(folder: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...listRuleFiles(full));
    else if (/\.ya?ml$/.test(entry.name)) files.push(full);
  }
  return files.sort();
}

function checkUniqueIds(rules: RuleSource[], problems: InputProblem[]): void {
  const seen = new Map<string, string>();
  for (const { definition, document } of rules) {
    const first = seen.get(definition.id);
    if (first) {
      problems.push({
        file: document.source.file,
        ...locate(document, '/id'),
        message: `rule id '${definition.id}' is already defined in ${first}`,
      });
    } else seen.set(definition.id, document.source.file);
  }
}

function sortByCatalogue(rules: RuleSource[]): RuleSource[] {
  const moduleRank = (module: string) => {
    const index = BUNDLED_MODULE_ORDER.indexOf(module);
    return index === -1 ? BUNDLED_MODULE_ORDER.length : index;
  };
  return rules.sort(
    (a, b) =>
      moduleRank(a.definition.module) - moduleRank(b.definition.module) ||
      a.definition.module.localeCompare(b.definition.module) ||
      a.definition.id.localeCompare(b.definition.id, 'en', { numeric: true }),
  );
}
