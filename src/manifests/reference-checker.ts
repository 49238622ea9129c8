import { closest } from 'fastest-levenshtein';
import type { Taxonomy, TaxonomyTree } from '../reference-data/taxonomy';
import { toPointer } from '../json-pointer/json-pointer';
import type { Manifest } from './manifest';

export interface ReferenceProblem {
  pointer: string;
  message: string;
}

/**
 * The checks a schema cannot express: ids unique across the manifest, flows and grants that
 * name existing systems, and taxonomy keys that exist (deprecated ones pass with a warning).
 */
export function checkReferences(
  manifest: Manifest,
  taxonomy: Taxonomy,
): { errors: ReferenceProblem[]; warnings: ReferenceProblem[] } {
  const errors: ReferenceProblem[] = [];
  const warnings: ReferenceProblem[] = [];
  const systems = manifest.systems ?? [];
  const flows = manifest.flows ?? [];
  const grants = manifest.access ?? [];

  const firstUse = new Map<string, string>();
  const claimId = (id: string, pointer: string) => {
    const first = firstUse.get(id);
    if (first) errors.push({ pointer, message: `duplicate id '${id}' (already used by ${first})` });
    else firstUse.set(id, describePointer(pointer));
  };
  systems.forEach((system, i) => claimId(system.id, `/systems/${i}/id`));
  flows.forEach((flow, i) => claimId(flow.id, `/flows/${i}/id`));
  grants.forEach((grant, i) => claimId(grant.id, `/access/${i}/id`));

  const systemIds = systems.map((system) => system.id);
  const known = new Set(systemIds);
  const checkSystem = (id: string, pointer: string, what: string) => {
    if (known.has(id)) return;
    const hint = systemIds.length > 0 ? ` (did you mean '${closest(id, systemIds)}'?)` : '';
    errors.push({ pointer, message: `${what} '${id}' is not a system of this manifest${hint}` });
  };
  flows.forEach((flow, i) => {
    checkSystem(flow.from, `/flows/${i}/from`, `flow '${flow.id}' reads from`);
    checkSystem(flow.to, `/flows/${i}/to`, `flow '${flow.id}' writes to`);
  });
  grants.forEach((grant, i) => {
    if (grant.system !== '*') checkSystem(grant.system, `/access/${i}/system`, `grant '${grant.id}' is on`);
  });

  const checkKey = (tree: TaxonomyTree, what: string, key: string, segments: (string | number)[]) => {
    const pointer = toPointer(segments);
    const entry = tree.get(key);
    if (!entry) {
      const suggestion = tree.suggest(key);
      errors.push({
        pointer,
        message: `unknown ${what} '${key}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`,
      });
    } else if (entry.deprecated) {
      const replacement = entry.deprecated.replacedBy ? `; use '${entry.deprecated.replacedBy}' instead` : '';
      warnings.push({
        pointer,
        message: `${what} '${key}' is deprecated since fideslang ${entry.deprecated.version}${replacement}`,
      });
    }
  };
  const categories = taxonomy.dataCategories;
  systems.forEach((system, i) =>
    system.dataCategories?.forEach((key, j) =>
      checkKey(categories, 'data category', key, ['systems', i, 'dataCategories', j]),
    ),
  );
  flows.forEach((flow, i) => {
    flow.dataCategories?.forEach((key, j) =>
      checkKey(categories, 'data category', key, ['flows', i, 'dataCategories', j]),
    );
    flow.transforms?.forEach((transform, t) =>
      transform.categories?.forEach((key, j) =>
        checkKey(categories, 'data category', key, ['flows', i, 'transforms', t, 'categories', j]),
      ),
    );
    if (flow.purpose !== undefined)
      checkKey(taxonomy.dataUses, 'data use', flow.purpose, ['flows', i, 'purpose']);
  });
  return { errors, warnings };
}

function describePointer(pointer: string): string {
  const [, collection, index] = pointer.split('/');
  const noun = collection === 'systems' ? 'system' : collection === 'flows' ? 'flow' : 'grant';
  return `${noun} #${Number(index) + 1}`;
}
