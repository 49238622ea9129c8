import type { InputProblem } from '../../core/input-error';
import type { Flow, Grant, System } from '../../manifests/manifest';
import type { YamlDocument } from '../../yaml/yaml-reader';
import { pointerSegments, toPointer } from '../../json-pointer/json-pointer';
import { validateOverlayResource, type OverlayCollection } from '../../manifests/schema-validator';
import type { EstateLink, ImportedFlow, ImportedGrant, ImportedSystem } from '../imported-estate';
import { positionOf } from '../input-documents';

/**
 * A Vigil overlay (`apiVersion: vigil/v1`, `kind: Overlay`): which imported resources are one
 * system (`links`), what no source knows about them (`systems`, merged by id), and flows or grants
 * to add. What an overlay writes counts as stated, like a manifest's fields.
 */
export interface Overlay {
  file: string;
  name?: string;
  links: EstateLink[];
  systems: ImportedSystem[];
  flows: ImportedFlow[];
  grants: ImportedGrant[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const OVERLAY_KEYS = ['apiVersion', 'kind', 'metadata', 'links', 'systems', 'flows', 'access'];
const STATED = new Set(['*']);
const SUPPRESS = 'x-vigil-suppress';

export function isOverlayDocument(value: unknown): boolean {
  return isObject(value) && value.apiVersion === 'vigil/v1' && value.kind === 'Overlay';
}

export function readOverlay(document: YamlDocument): { overlay: Overlay; errors: InputProblem[] } {
  const value = document.value as Json;
  const file = document.source.file;
  const errors: InputProblem[] = [];
  const at = (path: (string | number)[]) => positionOf(document, path);
  for (const key of Object.keys(value)) {
    if (!OVERLAY_KEYS.includes(key) && !key.startsWith('x-'))
      errors.push({
        ...at([key]),
        message: `unknown overlay key '${key}' (expected ${OVERLAY_KEYS.slice(2).join(', ')})`,
      });
  }
  const name =
    isObject(value.metadata) && typeof value.metadata.name === 'string' ? value.metadata.name : undefined;
  const overlay: Overlay = {
    file,
    name,
    links: readLinks(value.links, ['links'], document, errors),
    systems: [],
    flows: [],
    grants: [],
  };
  const list = (key: string) => (Array.isArray(value[key]) ? (value[key] as unknown[]) : []);
  list('systems').forEach((system, i) => {
    if (!isObject(system) || typeof system.id !== 'string')
      return void errors.push({
        ...at(['systems', i]),
        message: 'an overlay system needs an id (the linked or imported system it adds to)',
      });
    checkAgainstSchema('systems', i, system, document, errors);
    const fields = fieldPositions(system, ['systems', i], document);
    // An overlay states the fields it writes about a system, not the ones it leaves to the sources.
    overlay.systems.push({
      format: 'overlay',
      system: system as unknown as System,
      at: at(['systems', i, 'id']),
      fields,
      expresses: new Set(Object.keys(fields)),
      unknown: {},
      aliases: [system.id],
    });
  });
  list('flows').forEach((flow, i) => {
    if (
      !isObject(flow) ||
      typeof flow.id !== 'string' ||
      typeof flow.from !== 'string' ||
      typeof flow.to !== 'string'
    )
      return void errors.push({ ...at(['flows', i]), message: 'an overlay flow needs id, from and to' });
    checkAgainstSchema('flows', i, flow, document, errors);
    overlay.flows.push({
      format: 'overlay',
      flow: flow as unknown as Flow,
      at: at(['flows', i, 'id']),
      fields: fieldPositions(flow, ['flows', i], document),
      expresses: STATED,
      unknown: {},
    });
  });
  list('access').forEach((grant, i) => {
    if (!isObject(grant) || typeof grant.id !== 'string' || typeof grant.system !== 'string')
      return void errors.push({
        ...at(['access', i]),
        message: 'an overlay grant needs id, principal, system and permissions',
      });
    checkAgainstSchema('access', i, grant, document, errors);
    overlay.grants.push({
      format: 'overlay',
      grant: grant as unknown as Grant,
      at: at(['access', i, 'id']),
      fields: fieldPositions(grant, ['access', i], document),
      expresses: STATED,
      unknown: {},
    });
  });
  return { overlay, errors };
}

/**
 * `links: [{ id: orders-db, same: [aws_db_instance.orders, orders_database, "postgres://orders:5432"] }]`,
 * in an overlay or in the `--config` file.
 */
export function readLinks(
  value: unknown,
  path: (string | number)[],
  document: YamlDocument,
  errors: InputProblem[],
): EstateLink[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    errors.push({ ...positionOf(document, path), message: "'links' is a list of { id, same: [names...] }" });
    return [];
  }
  const links: EstateLink[] = [];
  value.forEach((link, i) => {
    const linkPath = [...path, i];
    if (!isObject(link) || typeof link.id !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._:-]*$/.test(link.id)) {
      errors.push({
        ...positionOf(document, linkPath),
        message: 'a link needs an id (letters, digits, . _ : -) naming the joined system',
      });
      return;
    }
    const same = Array.isArray(link.same)
      ? link.same.filter((name): name is string => typeof name === 'string')
      : [];
    if (same.length === 0 || !Array.isArray(link.same) || same.length !== link.same.length) {
      errors.push({
        ...positionOf(document, [...linkPath, 'same']),
        message: `link '${link.id}' needs 'same': a list of the names it joins (Terraform addresses, Fides keys, lineage namespaces)`,
      });
      return;
    }
    links.push({ id: link.id, members: same, at: positionOf(document, [...linkPath, 'id']) });
  });
  return links;
}

/** What an overlay writes is held to what a manifest is; a broken field is an input error at its line. */
function checkAgainstSchema(
  collection: OverlayCollection,
  index: number,
  entry: Json,
  document: YamlDocument,
  errors: InputProblem[],
): void {
  for (const violation of validateOverlayResource(collection, entry, toPointer([collection, index]))) {
    errors.push({ ...positionOf(document, pointerSegments(violation.pointer)), message: violation.message });
  }
}

/**
 * Every field an overlay writes points at its line, and so does each suppression: the joined
 * resource takes its suppression list whole from the overlay, so the items keep their indexes.
 * Other lists (data categories) are merged with the sources' and sorted, so their items have no
 * line of their own.
 */
function fieldPositions(value: Json, path: (string | number)[], document: YamlDocument) {
  const fields: Record<string, ReturnType<typeof positionOf>> = {};
  const walk = (node: unknown, relative: string[]) => {
    const children =
      Array.isArray(node) && relative.length === 1 && relative[0] === SUPPRESS
        ? node.map((child, index) => [String(index), child] as const)
        : isObject(node)
          ? Object.entries(node)
          : [];
    for (const [key, child] of children) {
      const next = [...relative, key];
      fields[next.join('/')] = positionOf(document, [...path, ...next]);
      walk(child, next);
    }
  };
  walk(value, []);
  return fields;
}
