import type { WitnessStep } from '../core/finding';
import { DataFlowGraph } from '../graph/data-flow-graph';
import type { Manifest, SystemKind, Transform } from '../manifests/manifest';

/** A system as the console draws it. */
export interface GraphNode {
  id: string;
  kind: SystemKind;
  /** Who runs it (manifest `provider`); manifest-v1 systems have no other name than their id. */
  provider: string | null;
  country: string | null;
  region: string | null;
  environment: string | null;
  operator: string | null;
  /** encryption.atRest as declared; null when the manifest does not say. */
  encryptedAtRest: boolean | null;
  /** What it holds: its own categories and all that flows bring it, after transforms. */
  holds: string[];
}

/** A flow as the console draws it. */
export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  /** What it reads from its source: the categories it names, or all its source holds. */
  carries: string[];
  /** What arrives at its target after its transforms. */
  delivers: string[];
  transforms: { type: Transform['type']; categories: string[] | null }[];
}

export interface ManifestGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** The witness path as the graph's ids, origin first; both empty when the finding has none. */
export interface GraphPath {
  nodes: string[];
  edges: string[];
}

/** What a finding is about, in graph terms. */
export interface FindingSubject {
  resourceType: string;
  resourceId: string;
  witnessPath: WitnessStep[] | null;
}

export interface FindingGraph {
  graph: ManifestGraph;
  path: GraphPath;
  /** The system the finding is on (a grant's system for a grant finding); null for flows and manifests. */
  offendingSystemId: string | null;
  /** The flow the finding is on; null unless it is a flow finding. */
  offendingFlowId: string | null;
}

/**
 * The manifest's systems and flows with what each flow carries, and the finding's witness path
 * and resource placed on them. Plain data in, plain data out: the core's graph computes what
 * flows carry, so the console shows what the rules saw.
 */
export function findingGraph(
  manifest: Manifest,
  pseudonymousKey: string,
  finding: FindingSubject,
): FindingGraph {
  const flows = new DataFlowGraph(manifest, pseudonymousKey);
  const nodes = (manifest.systems ?? []).map((system): GraphNode => ({
    id: system.id,
    kind: system.kind,
    provider: system.provider ?? null,
    country: system.location?.country ?? null,
    region: system.location?.region ?? null,
    environment: system.environment ?? null,
    operator: system.operator ?? null,
    encryptedAtRest: system.encryption?.atRest ?? null,
    holds: flows.holds(system.id),
  }));
  const edges = (manifest.flows ?? []).map((flow): GraphEdge => ({
    id: flow.id,
    from: flow.from,
    to: flow.to,
    carries: [...flows.carries(flow.id)].sort(),
    delivers: flows.delivers(flow.id),
    transforms: (flow.transforms ?? []).map((transform) => ({
      type: transform.type,
      categories: transform.categories ? [...transform.categories] : null,
    })),
  }));
  const steps = finding.witnessPath ?? [];
  const path: GraphPath = {
    nodes: steps.length === 0 ? [] : [steps[0].from, ...steps.map((step) => step.to)],
    edges: steps.map((step) => step.flow),
  };
  return {
    graph: { nodes, edges },
    path,
    offendingSystemId: offendingSystem(manifest, finding),
    offendingFlowId: finding.resourceType === 'flow' ? finding.resourceId : null,
  };
}

function offendingSystem(manifest: Manifest, finding: FindingSubject): string | null {
  if (finding.resourceType === 'system') return finding.resourceId;
  if (finding.resourceType === 'grant')
    return (manifest.access ?? []).find((grant) => grant.id === finding.resourceId)?.system ?? null;
  return null;
}
