import { useState } from 'react';
import { Link, useSearch } from 'wouter';
import { ApiError, queryString, type Page, type Waiver } from '../api';
import { useSession } from '../auth';
import { ErrorNotice, useLoad, When } from '../components/common';
import { endCauseText } from './FindingPage';

const STATES = ['requested', 'approved', 'rejected', 'lapsed'] as const;
const STATE_TITLES: Record<string, string> = {
  requested: 'Waiting for approval',
  approved: 'Approved',
  rejected: 'Rejected',
  lapsed: 'Lapsed',
  '': 'All waivers',
};

/** GET /waivers by state; the approval queue is state=requested. */
export function WaiversPage() {
  const { api } = useSession();
  const search = useSearch();
  // ?state=all lists every waiver; no state is the approval queue.
  const chosen = new URLSearchParams(search).get('state') ?? 'requested';
  const state = chosen === 'all' ? '' : chosen;
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const page = useLoad(
    () => api.get<Page<Waiver>>(`/waivers${queryString({ state: state || undefined, cursor, limit: 50 })}`),
    [state, cursor],
  );
  return (
    <>
      <h1>Waivers</h1>
      <p>
        A security officer’s false positive or accepted risk is a request until another person approves it. A
        waiver lapses when its finding’s evidence changes, and an accepted risk ends when it expires.
      </p>
      <nav aria-label="Waiver states" className="tabs">
        <ul>
          {[...STATES, ''].map((name) => (
            <li key={name || 'all'}>
              <Link
                href={`/waivers?state=${name || 'all'}`}
                aria-current={state === name ? 'page' : undefined}
                onClick={() => setCursors([])}
              >
                {STATE_TITLES[name]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <h2>{STATE_TITLES[state] ?? state}</h2>
      <ErrorNotice error={page.error} />
      {page.data && page.data.items.length === 0 && <p className="empty">None.</p>}
      <ul className="waivers">
        {page.data?.items.map((waiver) => (
          <WaiverItem key={waiver.id} waiver={waiver} onDecided={page.reload} />
        ))}
      </ul>
      <nav className="pager" aria-label="Pages of waivers">
        <button
          type="button"
          disabled={cursors.length === 0}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          Previous page
        </button>
        <button
          type="button"
          disabled={!page.data?.nextCursor}
          onClick={() => setCursors([...cursors, page.data!.nextCursor!])}
        >
          Next page
        </button>
      </nav>
    </>
  );
}

function WaiverItem(props: { waiver: Waiver; onDecided(): void }) {
  const { api, me, can } = useSession();
  const waiver = props.waiver;
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const own = waiver.requestedByKeyId !== null && waiver.requestedByKeyId === me.keyId;
  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(true);
    setError(null);
    try {
      await api.send('POST', `/waivers/${waiver.id}/${decision}`, note.trim() ? { note: note.trim() } : {});
      props.onDecided();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new Error(String(caught)));
    } finally {
      setBusy(false);
    }
  };
  const noteId = `note-${waiver.id}`;
  const ownId = `own-${waiver.id}`;
  return (
    <li className="card waiver" aria-labelledby={`waiver-${waiver.id}`}>
      <h3 id={`waiver-${waiver.id}`}>
        {waiver.kind === 'risk_accepted' ? 'Accept the risk' : 'False positive'} ·{' '}
        <Link href={`/findings/${waiver.findingId}`}>finding {waiver.findingId.slice(0, 8)}</Link>{' '}
        <span className={`badge waiver-${waiver.state}`}>{waiver.state}</span>
      </h3>
      <p className="justification">“{waiver.justification}”</p>
      <p className="meta">
        Requested by <strong>{waiver.requestedBy}</strong> <When at={waiver.requestedAt} />
        {waiver.expiresAt && (
          <>
            {' '}
            · until <When at={waiver.expiresAt} />
          </>
        )}
        {waiver.decidedBy && (
          <>
            {' '}
            · {waiver.state === 'rejected' ? 'rejected' : 'decided'} by <strong>{waiver.decidedBy}</strong>{' '}
            <When at={waiver.decidedAt} />
          </>
        )}
      </p>
      {waiver.decisionNote && <p className="note">{waiver.decisionNote}</p>}
      {(waiver.state === 'lapsed' || waiver.endCause) && (
        <p className="warning">
          Reason: {waiver.endCause ? endCauseText(waiver.endCause) : 'its evidence changed before a decision'}
          {waiver.endedAt && (
            <>
              {' '}
              (<When at={waiver.endedAt} />)
            </>
          )}
        </p>
      )}
      {waiver.state === 'requested' && can('approve', 'Waiver') && (
        <div className="decision">
          <label htmlFor={noteId}>Decision note</label>
          <input id={noteId} value={note} onChange={(event) => setNote(event.target.value)} />
          <button
            type="button"
            className="primary"
            disabled={busy || own}
            aria-describedby={own ? ownId : undefined}
            onClick={() => decide('approve')}
          >
            Approve
          </button>
          <button
            type="button"
            disabled={busy || own}
            aria-describedby={own ? ownId : undefined}
            onClick={() => decide('reject')}
          >
            Reject
          </button>
          {own && (
            <p id={ownId} className="muted">
              You requested this waiver: another person must decide it.
            </p>
          )}
        </div>
      )}
      <ErrorNotice error={error} />
    </li>
  );
}
