/**
 * What the console draws of GET /findings/:id/graph: which systems and flows each view shows,
 * what each box and label says, the positioned shapes the layout returns, and the witness path
 * as text. Plain TypeScript with no dependency, so the page can show the text before the layout
 * library has loaded.
 */
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

/** The last line of the box of the system a finding is on: not shown by colour alone. */
export const OFFENDING_LINE = '⚠ the finding is on this system';

/** What a system's box says. */
export function nodeLines(node: GraphNode, offending = false): string[] {
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
  if (offending) lines.push(OFFENDING_LINE);
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
