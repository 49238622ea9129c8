import * as fs from 'node:fs';
import { InputError } from '../core/input-error';
import { toPointer } from '../json-pointer/json-pointer';
import type { OverridesOrigin, RuleParameterOverrides } from '../policies/rule-compiler';
import { locate } from '../yaml/document-locator';
import { SourceText } from '../yaml/source-text';
import { readYaml } from '../yaml/yaml-reader';

export interface ConfigFile {
  parameters: RuleParameterOverrides;
  /** Where each rule and parameter is written, so that the scanner's errors name file:line:column. */
  origin: OverridesOrigin;
}

/**
 * `--config FILE`: rule parameters a project overrides, e.g.
 *   rules:
 *     GDPR-RET-001: { maxRetentionDays: 365 }
 */
export function readConfigFile(file: string): ConfigFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new InputError([{ file, line: 0, column: 0, message: 'cannot read the config file' }]);
  }
  const read = readYaml(new SourceText(file, text));
  if (read.problems.length > 0) throw new InputError(read.problems);
  const document = read.documents[0];
  const origin: OverridesOrigin = { file, positions: {} };
  const config = document?.value;
  if (config === null || config === undefined) return { parameters: {}, origin };
  const problem = (segments: string[], message: string) =>
    new InputError([{ file, ...locate(document, toPointer(segments)), message }]);
  if (typeof config !== 'object' || Array.isArray(config))
    throw problem([], 'the config file must be a mapping');
  // `links` joins imported sources (read by import-options.ts).
  const unknown = Object.keys(config).filter((key) => key !== 'rules' && key !== 'links');
  if (unknown.length > 0)
    throw problem([unknown[0]], `unknown config key '${unknown[0]}' (expected 'rules')`);
  const rules = (config as { rules?: unknown }).rules ?? {};
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules))
    throw problem(['rules'], "'rules' must map rule ids to parameters");
  for (const [id, parameters] of Object.entries(rules as Record<string, unknown>)) {
    if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
      throw problem(['rules', id], `rules.${id} must map parameter names to values`);
    }
    origin.positions[toPointer(['rules', id])] = locate(document, toPointer(['rules', id]));
    for (const name of Object.keys(parameters)) {
      const pointer = toPointer(['rules', id, name]);
      origin.positions[pointer] = locate(document, pointer);
    }
  }
  return { parameters: rules as RuleParameterOverrides, origin };
}
