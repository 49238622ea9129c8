import {
  edgeLines,
  nodeLines,
  OFFENDING_LINE,
  pathSteps,
  viewOf,
  type FindingGraphAnswer,
  type GraphEdge,
  type GraphNode,
  type PositionedGraph,
} from '../../console/src/graph/graph-model';
import { layoutGraph } from '../../console/src/graph/layout';

const node = (
  id: string,
  kind: GraphNode['kind'],
  country: string | null,
  extra: Partial<GraphNode> = {},
): GraphNode => ({
  id,
  kind,
  provider: null,
  country,
  region: null,
  environment: null,
  operator: null,
  encryptedAtRest: null,
  holds: [],
  ...extra,
});
const edge = (
  id: string,
  from: string,
  to: string,
  carries: string[],
  extra: Partial<GraphEdge> = {},
): GraphEdge => ({
  id,
  from,
  to,
  carries,
  delivers: carries,
  transforms: [],
  ...extra,
});

/** examples/support-assistant.yaml's ENC-007 finding as GET /findings/:id/graph answers it, plus a side branch. */
const ENC_007: FindingGraphAnswer = {
  findingId: '00000000-0000-4000-8000-000000000001',
  ruleId: 'ENC-007',
  manifest: 'support-assistant',
  file: 'infra/support-assistant.yaml',
  graph: {
    nodes: [
      node('zendesk', 'saas', 'DE', { provider: 'Zendesk' }),
      node('openai', 'ai-model', 'US', { provider: 'OpenAI' }),
      node('summary-archive', 'object-store', 'IE', { provider: 'AWS S3', encryptedAtRest: false }),
      node('metrics', 'warehouse', null),
    ],
    edges: [
      edge('tickets-to-llm', 'zendesk', 'openai', ['user.contact.email', 'user.content']),
      edge('summaries-to-archive', 'openai', 'summary-archive', ['user.contact.email', 'user.content']),
      edge('archive-to-metrics', 'summary-archive', 'metrics', ['user.content'], {
        delivers: [],
        transforms: [{ type: 'aggregate', categories: null }],
      }),
    ],
  },
  path: {
    nodes: ['zendesk', 'openai', 'summary-archive'],
    edges: ['tickets-to-llm', 'summaries-to-archive'],
  },
  offendingSystemId: 'summary-archive',
  offendingFlowId: null,
};

const ids = (items: { id: string }[]) => items.map((item) => item.id);
const nodeAt = (graph: PositionedGraph, id: string) => graph.nodes.find((box) => box.id === id)!;

/** True when the point lies on the box's outline (ELK ends edges on the node's border). */
const onBorder = (
  point: { x: number; y: number },
  box: { x: number; y: number; width: number; height: number },
) =>
  (Math.abs(point.x - box.x) < 0.5 || Math.abs(point.x - (box.x + box.width)) < 0.5) &&
  point.y >= box.y - 0.5 &&
  point.y <= box.y + box.height + 0.5;

const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('the views of a finding graph', () => {
  it('shows only the witness path’s systems and flows in the path view', () => {
    const view = viewOf(ENC_007, 'path');
    expect(ids(view.nodes)).toEqual(['zendesk', 'openai', 'summary-archive']);
    expect(ids(view.edges)).toEqual(['tickets-to-llm', 'summaries-to-archive']);
  });

  it('shows everything in the manifest view', () => {
    const view = viewOf(ENC_007, 'manifest');
    expect(ids(view.nodes)).toEqual(['zendesk', 'openai', 'summary-archive', 'metrics']);
    expect(ids(view.edges)).toEqual(['tickets-to-llm', 'summaries-to-archive', 'archive-to-metrics']);
  });

  it('shows the offending system alone in the path view of a finding without a path', () => {
    const answer = { ...ENC_007, path: { nodes: [], edges: [] }, offendingSystemId: 'zendesk' };
    expect(ids(viewOf(answer, 'path').nodes)).toEqual(['zendesk']);
    expect(viewOf(answer, 'path').edges).toEqual([]);
  });

  it('shows a flow finding’s flow with both its ends in the path view', () => {
    const answer = {
      ...ENC_007,
      path: { nodes: [], edges: [] },
      offendingSystemId: null,
      offendingFlowId: 'archive-to-metrics',
    };
    expect(ids(viewOf(answer, 'path').nodes)).toEqual(['summary-archive', 'metrics']);
    expect(ids(viewOf(answer, 'path').edges)).toEqual(['archive-to-metrics']);
  });

  it('shows nothing when the answer has no graph', () => {
    expect(viewOf({ ...ENC_007, graph: null }, 'manifest')).toEqual({ nodes: [], edges: [] });
  });
});

describe('what boxes and labels say', () => {
  it('gives a system its id, kind and country, provider and encryption', () => {
    expect(nodeLines(ENC_007.graph!.nodes[2])).toEqual([
      'summary-archive',
      'object-store · IE',
      'AWS S3 · not encrypted at rest',
    ]);
    expect(nodeLines(ENC_007.graph!.nodes[3])).toEqual(['metrics', 'warehouse · no country']);
    expect(nodeLines(ENC_007.graph!.nodes[3], true)).toEqual([
      'metrics',
      'warehouse · no country',
      OFFENDING_LINE,
    ]);
  });

  it('gives a flow the categories it carries, then its transforms', () => {
    expect(edgeLines(ENC_007.graph!.edges[2])).toEqual(['user.content', 'aggregate: all']);
    expect(
      edgeLines(
        edge('f', 'a', 'b', [], { transforms: [{ type: 'drop', categories: ['user.name', 'user.email'] }] }),
      ),
    ).toEqual(['(no categories)', 'drop: user.name, user.email']);
  });

  it('tells the witness path as steps, origin first', () => {
    expect(pathSteps(ENC_007)).toEqual([
      'zendesk sends user.contact.email, user.content to openai by flow tickets-to-llm',
      'openai sends user.contact.email, user.content to summary-archive by flow summaries-to-archive',
    ]);
  });
});

describe('layoutGraph', () => {
  it('lays the path out left to right, marking the path and the offending system', async () => {
    const graph = await layoutGraph(ENC_007, 'path');
    expect(ids(graph.nodes)).toEqual(['zendesk', 'openai', 'summary-archive']);
    const [zendesk, openai, archive] = graph.nodes;
    expect(zendesk.x + zendesk.width).toBeLessThan(openai.x);
    expect(openai.x + openai.width).toBeLessThan(archive.x);
    expect(graph.nodes.map((box) => [box.id, box.onPath, box.offending])).toEqual([
      ['zendesk', true, false],
      ['openai', true, false],
      ['summary-archive', true, true],
    ]);
    expect(graph.edges.every((laid) => laid.onPath)).toBe(true);
  });

  it('routes every flow from its source’s border to its target’s, inside the drawing, with its label', async () => {
    const graph = await layoutGraph(ENC_007, 'manifest');
    expect(ids(graph.edges)).toEqual(['tickets-to-llm', 'summaries-to-archive', 'archive-to-metrics']);
    for (const laid of graph.edges) {
      expect(laid.points.length).toBeGreaterThanOrEqual(2);
      expect(onBorder(laid.points[0], nodeAt(graph, laid.from))).toBe(true);
      expect(onBorder(laid.points.at(-1)!, nodeAt(graph, laid.to))).toBe(true);
      for (const point of laid.points) {
        expect(point.x).toBeGreaterThanOrEqual(0);
        expect(point.x).toBeLessThanOrEqual(graph.width);
        expect(point.y).toBeGreaterThanOrEqual(0);
        expect(point.y).toBeLessThanOrEqual(graph.height);
      }
      expect(laid.label.lines).toEqual(edgeLines(laid.edge));
      expect(laid.label.width).toBeGreaterThan(0);
    }
    expect(graph.edges.map((laid) => laid.onPath)).toEqual([true, true, false]);
    expect(nodeAt(graph, 'metrics').onPath).toBe(false);
  });

  it('overlaps no two boxes or labels, and sizes boxes to their text', async () => {
    const graph = await layoutGraph(ENC_007, 'manifest');
    const boxes = [...graph.nodes, ...graph.edges.map((laid) => laid.label)];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i], boxes[j])).toBe(false);
    const archive = nodeAt(graph, 'summary-archive');
    expect(archive.width).toBeGreaterThan('AWS S3 · not encrypted at rest'.length * 7);
    // Three lines of what it is, and the line that says the finding is on it.
    expect(archive.lines).toEqual([
      'summary-archive',
      'object-store · IE',
      'AWS S3 · not encrypted at rest',
      OFFENDING_LINE,
    ]);
    expect(archive.height).toBeGreaterThanOrEqual(4 * 16);
  });

  it('draws the same graph the same way every time', async () => {
    expect(await layoutGraph(ENC_007, 'manifest')).toEqual(await layoutGraph(ENC_007, 'manifest'));
  });

  it('lays out an empty view as an empty drawing', async () => {
    const graph = await layoutGraph({ ...ENC_007, graph: null }, 'manifest');
    expect(graph.nodes).toEqual([]);
    expect(graph.edges).toEqual([]);
  });
});
