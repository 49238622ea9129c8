import * as fs from 'node:fs';
import { InputError } from '../core/input-error';
import { SourceText } from '../yaml/source-text';
import { readYaml } from '../yaml/yaml-reader';
import type { RuleParameterOverrides } from '../policies/rule-compiler';

/**
 * `--config FILE`: rule parameters a project overrides, e.g.
 *   rules:
 *     GDPR-RET-001: { maxRetentionDays: 365 }
 */
export function readConfigFile(file: string): RuleParameterOverrides {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new InputError([{ file, line: 0, column: 0, message: 'cannot read the config file' }]);
  }
  const read = readYaml(new SourceText(file, text));
  if (read.problems.length > 0) throw new InputError(read.problems);
  const config = read.documents[0]?.value;
  if (config === null || config === undefined) return {};
  const problem = (message: string) => new InputError([{ file, line: 1, column: 1, message }]);
  if (typeof config !== 'object' || Array.isArray(config)) throw problem('the config file must be a mapping');
  const unknown = Object.keys(config).filter((key) => key !== 'rules');
  if (unknown.length > 0) throw problem(`unknown config key '${unknown[0]}' (expected 'rules')`);
  const rules = (config as { rules?: unknown }).rules ?? {};
  if (typeof rules !== 'object' || Array.isArray(rules))
    throw problem("'rules' must map rule ids to parameters");
  for (const [id, parameters] of Object.entries(rules as Record<string, unknown>)) {
    if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
      throw problem(`rules.${id} must map parameter names to values`);
    }
  }
  return rules as RuleParameterOverrides;
}
