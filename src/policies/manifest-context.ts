import { DataFlowGraph } from '../graph/data-flow-graph';
import type { Flow, Grant, Manifest, System } from '../manifests/manifest';
import type { CategoryClassifier } from '../reference-data/category-classes';
import { isUnderKey } from '../reference-data/dotted-key';
import type { Geography } from '../reference-data/geography';

/**
 * Everything a policy condition may ask about one manifest. Built once per manifest and
 * shared by all rules, so the graph is propagated once however many rules read it.
 */
export class ManifestContext {
  readonly graph: DataFlowGraph;
  readonly systemIds: string[];
  private readonly systemViews = new Map<string, unknown>();
  private readonly flowsByPrincipal = new Map<string, Flow[]>();

  constructor(
    readonly manifest: Manifest,
    readonly classes: CategoryClassifier,
    readonly geography: Geography,
    readonly now: Date,
  ) {
    this.graph = new DataFlowGraph(manifest, classes.pseudonymousKey);
    // Lists that rules read are sorted by id: a report must not depend on the order of the file.
    this.systemIds = (manifest.systems ?? []).map((system) => system.id).sort();
    for (const flow of [...(manifest.flows ?? [])].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      if (flow.runAs === undefined) continue;
      const flows = this.flowsByPrincipal.get(flow.runAs) ?? [];
      flows.push(flow);
      this.flowsByPrincipal.set(flow.runAs, flows);
    }
  }

  isUnder(key: string, ancestor: string): boolean {
    return isUnderKey(key, ancestor);
  }

  flowsRunBy(principal: string): Flow[] {
    return this.flowsByPrincipal.get(principal) ?? [];
  }

  purposesInto(systemId: string): string[] {
    return (this.manifest.flows ?? [])
      .filter((flow) => flow.to === systemId && flow.purpose !== undefined)
      .map((flow) => flow.purpose!)
      .sort();
  }

  /** The system as rules see it, built once and shared by every rule and flow that reads it. */
  systemView(id: string): unknown {
    let view = this.systemViews.get(id);
    if (!view) {
      const system = this.graph.system(id);
      if (!system) return undefined;
      view = systemView(system);
      this.systemViews.set(id, view);
    }
    return view;
  }
}

/**
 * Conditions test optional fields with CEL's has(); has(a.b.c) needs a.b to exist, so the
 * views give every optional section an empty map. Values themselves are never invented.
 */
export function systemView(system: System): Record<string, unknown> {
  return {
    ...system,
    dataCategories: system.dataCategories ?? [],
    location: system.location ?? {},
    encryption: system.encryption ?? {},
    agreements: system.agreements ?? {},
    governance: system.governance ?? {},
    ai: system.ai ?? {},
    logging: system.logging ?? {},
  };
}

export function flowView(flow: Flow): Record<string, unknown> {
  return { ...flow, transforms: flow.transforms ?? [], transport: flow.transport ?? {} };
}

export function grantView(grant: Grant): Record<string, unknown> {
  return { ...grant, credential: grant.credential ?? {} };
}
