import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, apiClient } from '../api';
import { GraphDrawing } from './GraphDrawing';
import { pathSteps, type FindingGraphAnswer, type GraphView, type PositionedGraph } from './graph-model';
import './graph.css';

export interface FindingGraphProps {
  findingId: string;
  /** The signed-in API key; the graph is read with it, so the API's role and scope decide. */
  token: string;
  /** Called on a 401 (the key expired or was revoked), so the console can sign out. */
  onUnauthorized?: () => void;
  /** The view shown first; "path" unless said. */
  initialView?: GraphView;
}

type Loaded<T> = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; value: T };

/** ELK is most of the console's JavaScript: fetched once, when a finding page first shows a graph. */
let layoutModule: Promise<typeof import('./layout')> | undefined;
const loadLayout = () => (layoutModule ??= import('./layout'));

const VIEWS: { view: GraphView; label: string }[] = [
  { view: 'path', label: 'Witness path' },
  { view: 'manifest', label: 'Whole manifest' },
];

/**
 * The data path of a finding drawn as a graph (GET /findings/:id/graph): the witness path alone,
 * or the whole manifest with the path emphasised; the offending system outlined. Beside the
 * drawing, the path as an ordered list of steps, for screen readers and for copying.
 */
export function FindingGraph(props: FindingGraphProps) {
  const { findingId, token, onUnauthorized } = props;
  const [answer, setAnswer] = useState<Loaded<FindingGraphAnswer>>({ state: 'loading' });
  const [view, setView] = useState<GraphView>(props.initialView ?? 'path');
  // A large manifest is shrunk to the page's width unless asked for at its own size (then it scrolls).
  const [fit, setFit] = useState(true);
  const [laid, setLaid] = useState<Loaded<PositionedGraph>>({ state: 'loading' });
  // The view the ready layout is of: in the render right after a switch, before the layout effect
  // runs, the old drawing must not appear under the new view's title.
  const laidView = useRef<GraphView | undefined>(undefined);
  // The latest callback, read when a 401 comes: a new function each render must not fetch again.
  const unauthorized = useRef(onUnauthorized);
  unauthorized.current = onUnauthorized;
  const api = useMemo(() => apiClient(token, () => unauthorized.current?.()), [token]);
  // Each view is laid out once per answer: switching back is immediate.
  const layouts = useRef(new Map<GraphView, PositionedGraph>());

  useEffect(() => {
    let current = true;
    setAnswer({ state: 'loading' });
    layouts.current = new Map();
    // The layout code downloads while the API answers.
    void loadLayout();
    api
      .get<FindingGraphAnswer>(`/findings/${encodeURIComponent(findingId)}/graph`)
      .then((value) => current && setAnswer({ state: 'ready', value }))
      .catch((error: unknown) => current && setAnswer({ state: 'failed', message: failure(error) }));
    return () => {
      current = false;
    };
  }, [api, findingId]);

  useEffect(() => {
    if (answer.state !== 'ready' || answer.value.graph === null) return;
    const known = layouts.current.get(view);
    if (known) {
      laidView.current = view;
      setLaid({ state: 'ready', value: known });
      return;
    }
    let current = true;
    const cache = layouts.current;
    setLaid({ state: 'loading' });
    loadLayout()
      .then(({ layoutGraph }) => layoutGraph(answer.value, view))
      .then((value) => {
        cache.set(view, value);
        if (!current) return;
        laidView.current = view;
        setLaid({ state: 'ready', value });
      })
      .catch(
        (error: unknown) =>
          current &&
          setLaid({ state: 'failed', message: `The graph could not be laid out: ${String(error)}` }),
      );
    return () => {
      current = false;
    };
  }, [answer, view]);

  if (answer.state === 'loading') return <p role="status">Loading the data path…</p>;
  if (answer.state === 'failed')
    return (
      <p role="alert" className="finding-graph-error">
        {answer.message}
      </p>
    );
  const graph = answer.value;
  if (graph.graph === null)
    return (
      <p role="alert" className="finding-graph-error">
        No graph: {graph.error ?? 'the manifest could not be read'}
      </p>
    );
  const steps = pathSteps(graph);
  const drawing: Loaded<PositionedGraph> =
    laid.state === 'ready' && laidView.current !== view ? { state: 'loading' } : laid;
  return (
    <div className="finding-graph" data-view={view}>
      <div className="finding-graph-views" role="group" aria-label="Graph view">
        {VIEWS.map((option) => (
          <button
            key={option.view}
            type="button"
            aria-pressed={view === option.view}
            onClick={() => setView(option.view)}
          >
            {option.label}
          </button>
        ))}
        <button type="button" className="finding-graph-fit" aria-pressed={fit} onClick={() => setFit(!fit)}>
          Fit to width
        </button>
      </div>
      <div className="finding-graph-body">
        <div className="finding-graph-canvas" tabIndex={0} role="group" aria-label="Graph drawing (scrolls)">
          {drawing.state === 'loading' && <p role="status">Laying out the graph…</p>}
          {drawing.state === 'failed' && <p role="alert">{drawing.message}</p>}
          {drawing.state === 'ready' && (
            <GraphDrawing
              graph={drawing.value}
              title={titleOf(graph, view)}
              description={descriptionOf(graph, drawing.value)}
              fit={fit}
            />
          )}
        </div>
        <div className="finding-graph-steps">
          <h3>The path, step by step</h3>
          {steps.length > 0 ? (
            <ol aria-label="Witness path, origin first">
              {steps.map((step, i) => (
                <li key={i}>{step}</li>
              ))}
            </ol>
          ) : (
            <p>{withoutPath(graph)}</p>
          )}
        </div>
      </div>
    </div>
  );
}

export default FindingGraph;

function failure(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'The API refused the key (401).';
    if (error.status === 403) return 'This key’s role may not read this finding’s graph (403).';
    if (error.status === 404) return 'No such finding (404).';
    return `The graph could not be read (${error.status}): ${error.message}`;
  }
  return `The graph could not be read: ${String(error)}`;
}

function titleOf(answer: FindingGraphAnswer, view: GraphView): string {
  const what = view === 'path' ? 'Witness path' : `Manifest ${answer.manifest}`;
  return `${what} of finding ${answer.ruleId}`;
}

function descriptionOf(answer: FindingGraphAnswer, graph: PositionedGraph): string {
  const parts = [
    `${graph.nodes.length} systems and ${graph.edges.length} flows, data flowing left to right.`,
  ];
  if (answer.path.nodes.length > 0)
    parts.push(`The witness path, in red, runs ${answer.path.nodes.join(' → ')}.`);
  if (answer.offendingSystemId !== null)
    parts.push(`The finding is on ${answer.offendingSystemId}, outlined in red.`);
  if (answer.offendingFlowId !== null)
    parts.push(`The finding is on flow ${answer.offendingFlowId}, drawn in red.`);
  return parts.join(' ');
}

function withoutPath(answer: FindingGraphAnswer): string {
  if (answer.offendingFlowId !== null)
    return `This finding has no witness path: it is on flow ${answer.offendingFlowId}.`;
  if (answer.offendingSystemId !== null)
    return `This finding has no witness path: it is on system ${answer.offendingSystemId}.`;
  return 'This finding has no witness path.';
}
