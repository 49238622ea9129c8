/**
 * From a view of a finding graph to boxes and polylines in SVG coordinates: ELK's layered
 * algorithm puts the systems left to right, the way data flows, and routes the flows between
 * them with their labels. Plain TypeScript, no DOM and no React, so Jest checks it and the bench
 * times it. The console loads it on demand: ELK is most of the console's JavaScript.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import {
  edgeLines,
  nodeLines,
  TEXT,
  viewOf,
  type FindingGraphAnswer,
  type GraphView,
  type PositionedGraph,
} from './graph-model';

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
export type { PositionedGraph };

export async function layoutGraph(answer: FindingGraphAnswer, view: GraphView): Promise<PositionedGraph> {
  const { nodes, edges } = viewOf(answer, view);
  const onPathNodes = new Set(answer.path.nodes);
  const onPathEdges = new Set(answer.path.edges);
  const nodeText = new Map(
    nodes.map((node) => [node.id, nodeLines(node, node.id === answer.offendingSystemId)]),
  );
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
