import { useId } from 'react';
import {
  OFFENDING_LINE,
  TEXT,
  type PositionedEdge,
  type PositionedGraph,
  type PositionedNode,
} from './graph-model';

/**
 * Colours as SVG presentation attributes, not inline styles: the console's CSP allows no inline
 * style, and the drawing must read right before (or without) the stylesheet.
 */
const INK = '#1f2328';
const MUTED = '#57606a';
const PATH = '#b42318';
const EDGE = '#8c959f';

/** One view of a finding graph as SVG: systems as boxes, flows as arrows with their labels; `fit` scales it down to the width it has. */
export function GraphDrawing(props: {
  graph: PositionedGraph;
  title: string;
  description: string;
  fit: boolean;
}) {
  const { graph } = props;
  const id = useId();
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  // The path is drawn last, over the rest of the manifest.
  const edges = [...graph.edges].sort((a, b) => Number(a.onPath) - Number(b.onPath));
  return (
    <svg
      className={`finding-graph-svg${props.fit ? ' fit' : ''}`}
      role="img"
      aria-labelledby={titleId}
      aria-describedby={descId}
      width={graph.width}
      height={graph.height}
      viewBox={`0 0 ${graph.width} ${graph.height}`}
      fontFamily="ui-monospace, SFMono-Regular, Menlo, Consolas, monospace"
      fontSize={TEXT.fontSize}
    >
      <title id={titleId}>{props.title}</title>
      <desc id={descId}>{props.description}</desc>
      <defs>
        <marker
          id={`${id}-arrow`}
          viewBox="0 0 10 10"
          refX="10"
          refY="5"
          markerWidth="8"
          markerHeight="8"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" fill={EDGE} />
        </marker>
        <marker
          id={`${id}-arrow-path`}
          viewBox="0 0 10 10"
          refX="10"
          refY="5"
          markerWidth="6"
          markerHeight="6"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" fill={PATH} />
        </marker>
      </defs>
      {edges.map((edge) => (
        <Flow key={edge.id} edge={edge} marker={`url(#${id}-arrow${edge.onPath ? '-path' : ''})`} />
      ))}
      {graph.nodes.map((node) => (
        <System key={node.id} node={node} />
      ))}
    </svg>
  );
}

function Flow(props: { edge: PositionedEdge; marker: string }) {
  const { edge } = props;
  const emphasised = edge.onPath || edge.offending;
  const { label } = edge;
  return (
    <g
      className={`graph-flow${edge.onPath ? ' on-path' : ''}${edge.offending ? ' offending' : ''}`}
      data-flow-id={edge.id}
      data-from={edge.from}
      data-to={edge.to}
      data-on-path={edge.onPath}
    >
      <polyline
        points={edge.points.map((point) => `${point.x},${point.y}`).join(' ')}
        fill="none"
        stroke={emphasised ? PATH : EDGE}
        strokeWidth={emphasised ? 3 : 1.5}
        strokeDasharray={edge.offending && !edge.onPath ? '6 3' : undefined}
        markerEnd={props.marker}
      />
      <rect
        x={label.x}
        y={label.y}
        width={label.width}
        height={label.height}
        rx={3}
        fill="#ffffff"
        stroke={emphasised ? PATH : '#d0d7de'}
        strokeWidth={1}
      />
      <text x={label.x + TEXT.padding} y={label.y + TEXT.padding} fill={emphasised ? PATH : MUTED}>
        {label.lines.map((line, i) => (
          <tspan key={i} x={label.x + TEXT.padding} dy={i === 0 ? TEXT.fontSize : TEXT.lineHeight}>
            {line}
          </tspan>
        ))}
      </text>
    </g>
  );
}

function System(props: { node: PositionedNode }) {
  const { node } = props;
  const fill = node.offending ? '#fee4e2' : node.onPath ? '#fff6ed' : '#f6f8fa';
  const stroke = node.offending || node.onPath ? PATH : '#8c959f';
  return (
    <g
      className={`graph-system${node.onPath ? ' on-path' : ''}${node.offending ? ' offending' : ''}`}
      data-system-id={node.id}
      data-kind={node.node.kind}
      data-country={node.node.country ?? ''}
      data-on-path={node.onPath}
      data-offending={node.offending}
    >
      <rect
        x={node.x}
        y={node.y}
        width={node.width}
        height={node.height}
        rx={6}
        fill={fill}
        stroke={stroke}
        strokeWidth={node.offending ? 3 : node.onPath ? 2 : 1}
      />
      <text x={node.x + TEXT.padding} y={node.y + TEXT.padding} fill={INK}>
        {node.lines.map((line, i) => (
          <tspan
            key={i}
            x={node.x + TEXT.padding}
            dy={i === 0 ? TEXT.fontSize : TEXT.lineHeight}
            fontWeight={i === 0 || line === OFFENDING_LINE ? 'bold' : undefined}
            fill={line === OFFENDING_LINE ? PATH : i === 0 ? INK : MUTED}
          >
            {line}
          </tspan>
        ))}
      </text>
    </g>
  );
}
