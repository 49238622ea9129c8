import { useSession } from '../auth';

export function FindingPage(props: { id: string }) {
  const { token } = useSession();
  return (
    <>
      <h1>Finding</h1>
      {/* GRAPH SLOT: <FindingGraph findingId={props.id} token={token} /> from ../graph/FindingGraph.tsx
          (branch console-graph) goes here once that branch is merged. */}
      <section aria-labelledby="graph-heading" className="graph-slot" data-finding={props.id} data-has-token={token !== ''}>
        <h2 id="graph-heading">Data path</h2>
      </section>
    </>
  );
}
