import type { InputProblem } from '../../core/input-error';
import type { Flow, Grant, Manifest, System } from '../../manifests/manifest';
import type {
  EstateLink,
  ImportedFlow,
  ImportedGrant,
  ImportedSystem,
  ImportResult,
  SourcePosition,
} from '../imported-estate';
import { inferredCategories } from '../openlineage/openlineage-importer';
import { EstateOrigin, type ResourceExpressibility } from './estate-origin';
import type { Overlay } from './overlay';

export interface JoinedEstate {
  manifest: Manifest;
  origin: EstateOrigin;
  /** Where the estate as a whole is said to come from (the overlay, else the first input). */
  file: string;
  warnings: InputProblem[];
}

/** Sources of a merged system in this order: the infrastructure's facts first for positions. */
const FORMAT_ORDER = ['overlay', 'terraform-plan', 'fides', 'openlineage'];

/**
 * Joins what the importers read into one manifest: systems named by one link (or with one id)
 * become one system whose fields are the union of theirs, flows and grants follow the renaming,
 * and an overlay adds what no source knows. Everything is sorted by id: no result depends on the
 * order of files.
 */
export function joinEstate(
  results: ImportResult[],
  overlays: Overlay[],
  configLinks: EstateLink[],
): JoinedEstate {
  const warnings: InputProblem[] = [];
  const links = [...configLinks, ...overlays.flatMap((overlay) => overlay.links)];
  const memberOf = new Map<string, EstateLink>();
  for (const link of links) {
    for (const member of [link.id, ...link.members]) {
      const other = memberOf.get(member);
      if (other && other !== link)
        warnings.push({
          ...link.at,
          message: `'${member}' is linked to both '${other.id}' and '${link.id}'; '${other.id}' applies`,
        });
      else memberOf.set(member, link);
    }
  }
  const groups = new Map<string, ImportedSystem[]>();
  const renamed = new Map<string, string>();
  const systems = [
    ...results.flatMap((result) => result.systems),
    ...overlays.flatMap((overlay) => overlay.systems),
  ];
  for (const system of systems) {
    const link = [system.system.id, ...system.aliases].map((alias) => memberOf.get(alias)).find(Boolean);
    const id = link?.id ?? system.system.id;
    renamed.set(`${system.format}\u0000${system.system.id}`, id);
    groups.set(id, [...(groups.get(id) ?? []), system]);
  }
  const renamedAnyFormat = new Map<string, string>();
  for (const [key, id] of renamed) {
    const original = key.slice(key.indexOf('\u0000') + 1);
    if (!renamedAnyFormat.has(original)) renamedAnyFormat.set(original, id);
  }
  const usedMembers = new Set(systems.flatMap((system) => [system.system.id, ...system.aliases]));
  for (const result of results)
    for (const flow of result.flows) usedMembers.add(flow.flow.to).add(flow.flow.from);
  for (const link of links) {
    for (const member of link.members.filter((name) => !usedMembers.has(name)))
      warnings.push({
        ...link.at,
        message: `link '${link.id}' names '${member}', which no scanned source has`,
      });
  }
  // A flow may name a system another source defines, by that source's name or a link's member.
  const rename = (format: string, id: string) =>
    renamed.get(`${format}\u0000${id}`) ??
    memberOf.get(id)?.id ??
    (groups.has(id) ? id : (renamedAnyFormat.get(id) ?? id));

  const positions = new Map<string, SourcePosition>();
  const resources = new Map<string, ResourceExpressibility>();
  const manifestSystems: System[] = [];
  [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .forEach(([id, members], index) => {
      const ordered = [...members].sort(
        (a, b) => FORMAT_ORDER.indexOf(a.format) - FORMAT_ORDER.indexOf(b.format),
      );
      const system = mergeSystems(id, ordered);
      manifestSystems.push(system);
      const pointer = `/systems/${index}`;
      positions.set(pointer, ordered[0].at);
      for (const member of [...ordered].reverse()) {
        for (const [field, at] of Object.entries(member.fields)) positions.set(`${pointer}/${field}`, at);
      }
      resources.set(pointer, expressibilityOf(ordered));
    });

  const flows = collectTraced(
    results.flatMap((result) => result.flows).concat(overlays.flatMap((overlay) => overlay.flows)),
    (imported) => ({
      ...imported.flow,
      from: rename(imported.format, imported.flow.from),
      to: rename(imported.format, imported.flow.to),
    }),
    'flows',
    positions,
    resources,
  );
  const grants = collectTraced(
    results.flatMap((result) => result.grants).concat(overlays.flatMap((overlay) => overlay.grants)),
    (imported) => ({
      ...imported.grant,
      system: imported.grant.system === '*' ? '*' : rename(imported.format, imported.grant.system),
    }),
    'access',
    positions,
    resources,
  );
  const name = overlays.find((overlay) => overlay.name)?.name ?? 'imported-estate';
  const manifest: Manifest = {
    apiVersion: 'vigil/v1',
    kind: 'Integration',
    metadata: {
      name,
      description: `Joined by Vigil from ${results.map((result) => result.file).join(', ')}`,
    },
    systems: manifestSystems,
    flows,
    access: grants,
  };
  positions.set('', ordered0(results, overlays));
  return {
    manifest,
    origin: new EstateOrigin(positions, resources),
    file: overlays[0]?.file ?? results[0]?.file ?? '',
    warnings,
  };
}

function ordered0(results: ImportResult[], overlays: Overlay[]): SourcePosition {
  const file = overlays[0]?.file ?? results[0]?.file ?? '';
  return { file, line: 1, column: 1 };
}

/** Fields: the first member (in FORMAT_ORDER) that has one wins; data categories are the union. */
function mergeSystems(id: string, members: ImportedSystem[]): System {
  const merged: Record<string, unknown> = { id };
  for (const member of members) {
    for (const [key, value] of Object.entries(member.system)) {
      if (key === 'id' || value === undefined) continue;
      const current = merged[key];
      if (key === 'dataCategories')
        merged[key] = [...new Set([...((current as string[]) ?? []), ...(value as string[])])].sort();
      else if (current === undefined) merged[key] = structuredClone(value);
      else if (isRecord(current) && isRecord(value)) merged[key] = { ...value, ...current };
    }
  }
  return merged as unknown as System;
}

function expressibilityOf(
  members: { format: string; expresses: Set<string>; unknown: Record<string, string> }[],
): ResourceExpressibility {
  const expresses = new Set(members.flatMap((member) => [...member.expresses]));
  const unknown: Record<string, string> = {};
  for (const member of members) {
    for (const [field, reason] of Object.entries(member.unknown))
      if (!expresses.has(field)) unknown[field] ??= reason;
  }
  const inferred = members.flatMap((member) => inferredCategories.get(member as ImportedSystem) ?? []);
  return {
    expresses,
    unknown,
    formats: [...new Set(members.map((member) => member.format))],
    ...(inferred.length > 0 ? { inferred } : {}),
  };
}

function collectTraced<T extends ImportedFlow | ImportedGrant, R extends Flow | Grant>(
  items: T[],
  toResource: (item: T) => R,
  collection: 'flows' | 'access',
  positions: Map<string, SourcePosition>,
  resources: Map<string, ResourceExpressibility>,
): R[] {
  const byId = new Map<string, { item: T; resource: R }>();
  for (const item of items) {
    const resource = toResource(item);
    let id = resource.id;
    for (let n = 2; byId.has(id); n++) id = `${resource.id}-${n}`;
    resource.id = id;
    byId.set(id, { item, resource });
  }
  return [...byId.values()]
    .sort((a, b) => (a.resource.id < b.resource.id ? -1 : 1))
    .map(({ item, resource }, index) => {
      const pointer = `/${collection}/${index}`;
      positions.set(pointer, item.at);
      for (const [field, at] of Object.entries(item.fields)) positions.set(`${pointer}/${field}`, at);
      resources.set(pointer, expressibilityOf([item]));
      return resource;
    });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
