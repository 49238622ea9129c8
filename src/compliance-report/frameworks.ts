import type { RuleMetadata } from '../core/rule-metadata';
import { readDataFile } from '../reference-data/data-file';
import { FRAMEWORK_KEYS, type FrameworkKey } from './report-model';

/** One framework's controls, as data/frameworks/<key>.json lists them. */
export interface FrameworkMapping {
  key: FrameworkKey;
  name: string;
  title: string;
  version: string;
  /** How the rules' references name this framework (`ISO/IEC 27001:2022`). */
  referenceFramework: string;
  note: string;
  controls: { id: string; title: string }[];
}

const cache = new Map<FrameworkKey, FrameworkMapping>();

export function loadFramework(key: FrameworkKey): FrameworkMapping {
  let mapping = cache.get(key);
  if (!mapping) {
    mapping = readDataFile<FrameworkMapping>(`frameworks/${key}.json`);
    if (mapping.key !== key) throw new Error(`data/frameworks/${key}.json names itself '${mapping.key}'`);
    cache.set(key, mapping);
  }
  return mapping;
}

export function loadFrameworks(): FrameworkMapping[] {
  return FRAMEWORK_KEYS.map(loadFramework);
}

/**
 * The control a rule's reference counts toward: the id itself when the framework lists it, else
 * the nearest listed parent (`Art. 46(2)(b)` counts toward `Art. 46`). Undefined: not listed.
 */
export function controlOf(mapping: FrameworkMapping, referenceId: string): string | undefined {
  const listed = new Set(mapping.controls.map((control) => control.id));
  for (let id = referenceId.trim(); id;) {
    if (listed.has(id)) return id;
    const parent = id.replace(/\([^()]*\)$/, '');
    if (parent === id) return undefined;
    id = parent;
  }
  return undefined;
}

/** Each listed control with the rules whose references count toward it, in catalogue order. */
export function rulesByControl(
  mapping: FrameworkMapping,
  rules: RuleMetadata[],
): Map<string, RuleMetadata[]> {
  const byControl = new Map<string, RuleMetadata[]>(mapping.controls.map((control) => [control.id, []]));
  for (const rule of rules) {
    const controls = new Set(
      rule.references
        .filter((reference) => reference.framework === mapping.referenceFramework)
        .map((reference) => controlOf(mapping, reference.id))
        .filter((id): id is string => id !== undefined),
    );
    for (const id of controls) byControl.get(id)!.push(rule);
  }
  return byControl;
}

/** A control id as an OSCAL token: lower case, `(1)` as `.1`, spaces and dots-with-spaces as `-`. */
export function oscalControlId(id: string): string {
  return id
    .toLowerCase()
    .replace(/\((\w+)\)/g, '.$1')
    .replace(/\.?\s+/g, '-')
    .replace(/[^\p{L}\p{N}._-]/gu, '');
}
