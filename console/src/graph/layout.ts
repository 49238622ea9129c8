/**
 * From GET /findings/:id/graph to boxes and polylines in SVG coordinates: which systems and
 * flows a view shows, what each box and label says, and where ELK's layered algorithm puts them
 * (left to right, the way data flows). Plain TypeScript, no DOM and no React, so Jest checks it
 * and the bench times it.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { GraphEdge, GraphNode, GraphPath } from '../../../src/findings/finding-graph';

export type { GraphEdge, GraphNode, GraphPath };

/** The answer of GET /api/v1/findings/:id/graph (src/findings/dto/finding-graph.dto.ts). */
export interface FindingGraphAnswer {
  findingId: string;
  ruleId: string;
  manifest: string;
  file: string;
  graph: { nodes: GraphNode[]; edges: GraphEdge[] } | null;
  path: GraphPath;
  offendingSystemId: string | null;
  offendingFlowId: string | null;
  error?: string;
}

/** "path": the witness path alone (or the offending resource when there is none); "manifest": everything. */
export type GraphView = 'path' | 'manifest';

export interface Point {
  x: number;
  y: number;
}

export interface PositionedNode {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** First line the system's id, then kind · country, then provider and encryption. */
  lines: string[];
  onPath: boolean;
  offending: boolean;
  node: GraphNode;
}

export interface PositionedEdge {
  id: string;
  from: string;
  to: string;
  /** The polyline from the source box to the target box. */
  points: Point[];
  label: { x: number; y: number; width: number; height: number; lines: string[] };
  onPath: boolean;
  offending: boolean;
  edge: GraphEdge;
}

export interface PositionedGraph {
  width: number;
  height: number;
  nodes: PositionedNode[];
  edges: PositionedEdge[];
}

/**
 * Text sizes for a monospace font: the SVG draws its text in one, so widths follow from the
 * number of characters without measuring in a browser.
 */
export const TEXT = { fontSize: 12, charWidth: 7.3, lineHeight: 16, padding: 8 } as const;

/** The systems and flows a view shows, each with whether the witness path and the finding touch it. */
export function viewOf(
  answer: FindingGraphAnswer,
  view: GraphView,
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const graph = answer.graph ?? { nodes: [], edges: [] };
  if (view === 'manifest') return graph;
  const nodeIds = new Set(answer.path.nodes);
  const edgeIds = new Set(answer.path.edges);
  if (edgeIds.size === 0) {
    // No witness path: the resource the finding is on, with the ends of its flow.
    if (answer.offendingSystemId !== null) nodeIds.add(answer.offendingSystemId);
    const flow = graph.edges.find((edge) => edge.id === answer.offendingFlowId);
    if (flow) {
      edgeIds.add(flow.id);
      nodeIds.add(flow.from).add(flow.to);
    }
  }
  return {
    nodes: graph.nodes.filter((node) => nodeIds.has(node.id)),
    edges: graph.edges.filter((edge) => edgeIds.has(edge.id)),
  };
}

/** What a system's box says. */
export function nodeLines(node: GraphNode): string[] {
  const lines = [node.id, `${node.kind} · ${node.country ?? 'no country'}`];
  const details = [
    node.provider,
    node.encryptedAtRest === false
      ? 'not encrypted at rest'
      : node.encryptedAtRest
        ? 'encrypted at rest'
        : null,
  ].filter((detail): detail is string => detail !== null);
  if (details.length > 0) lines.push(details.join(' · '));
  return lines;
}

/** What a flow's label says: the categories it carries, one a line, then its transforms. */
export function edgeLines(edge: GraphEdge): string[] {
  const lines = edge.carries.length > 0 ? [...edge.carries] : ['(no categories)'];
  for (const transform of edge.transforms) {
    lines.push(`${transform.type}: ${transform.categories ? transform.categories.join(', ') : 'all'}`);
  }
  return lines;
}

const boxOf = (lines: string[]) => ({
  width: Math.ceil(Math.max(...lines.map((line) => line.length)) * TEXT.charWidth + 2 * TEXT.padding),
  height: lines.length * TEXT.lineHeight + 2 * TEXT.padding,
});

/** ELK's layered algorithm, left to right, orthogonal edges with their labels between the layers. */
const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.layered.edgeLabels.sideSelection': 'ALWAYS_UP',
  'elk.layered.spacing.nodeNodeBetweenLayers': '60',
  'elk.layered.spacing.edgeNodeBetweenLayers': '24',
  'elk.spacing.nodeNode': '32',
  'elk.spacing.edgeLabel': '4',
  'elk.spacing.edgeEdge': '16',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
  // The same graph is drawn the same way on every visit.
  'elk.randomSeed': '1',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
};

let elk: InstanceType<typeof ELK> | undefined;

/**
 * Lays a view out. The bundled ELK runs in this thread (no web worker URL to allow); it is
 * plain compiled JavaScript, with no eval, so the console's CSP (script-src 'self') holds.
 */
export async function layoutGraph(answer: FindingGraphAnswer, view: GraphView): Promise<PositionedGraph> {
  const { nodes, edges } = viewOf(answer, view);
  const onPathNodes = new Set(answer.path.nodes);
  const onPathEdges = new Set(answer.path.edges);
  const nodeText = new Map(nodes.map((node) => [node.id, nodeLines(node)]));
  const edgeText = new Map(edges.map((edge) => [edge.id, edgeLines(edge)]));
  const input: ElkNode = {
    id: 'root',
    layoutOptions: LAYOUT_OPTIONS,
    children: nodes.map((node) => ({ id: node.id, ...boxOf(nodeText.get(node.id)!) })),
    edges: edges.map((edge): ElkExtendedEdge => ({
      id: edge.id,
      sources: [edge.from],
      targets: [edge.to],
      labels: [
        { id: `${edge.id}/label`, text: edgeText.get(edge.id)!.join('\n'), ...boxOf(edgeText.get(edge.id)!) },
      ],
    })),
  };
  elk ??= new ELK();
  const laid = await elk.layout(input);
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const edgesById = new Map(edges.map((edge) => [edge.id, edge]));
  return {
    width: Math.ceil(laid.width ?? 0),
    height: Math.ceil(laid.height ?? 0),
    nodes: (laid.children ?? []).map((child) => ({
      id: child.id,
      x: child.x ?? 0,
      y: child.y ?? 0,
      width: child.width ?? 0,
      height: child.height ?? 0,
      lines: nodeText.get(child.id)!,
      onPath: onPathNodes.has(child.id),
      offending: child.id === answer.offendingSystemId,
      node: byId.get(child.id)!,
    })),
    edges: (laid.edges ?? []).map((laidEdge) => {
      const edge = edgesById.get(laidEdge.id)!;
      const section = laidEdge.sections?.[0];
      const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [];
      const label = laidEdge.labels?.[0];
      return {
        id: edge.id,
        from: edge.from,
        to: edge.to,
        points: points.map(({ x, y }) => ({ x, y })),
        label: {
          x: label?.x ?? 0,
          y: label?.y ?? 0,
          width: label?.width ?? 0,
          height: label?.height ?? 0,
          lines: edgeText.get(edge.id)!,
        },
        onPath: onPathEdges.has(edge.id),
        offending: edge.id === answer.offendingFlowId,
        edge,
      };
    }),
  };
}

/** The witness path as sentences, origin first: the text beside the drawing. */
export function pathSteps(answer: FindingGraphAnswer): string[] {
  const edges = new Map((answer.graph?.edges ?? []).map((edge) => [edge.id, edge]));
  return answer.path.edges.map((id, i) => {
    const edge = edges.get(id);
    const from = answer.path.nodes[i];
    const to = answer.path.nodes[i + 1];
    const carried = edge && edge.carries.length > 0 ? edge.carries.join(', ') : 'no categories';
    const transforms =
      edge && edge.transforms.length > 0
        ? `, transformed by ${edge.transforms.map((transform) => transform.type).join(', ')}`
        : '';
    return `${from} sends ${carried} to ${to} by flow ${id}${transforms}`;
  });
}
