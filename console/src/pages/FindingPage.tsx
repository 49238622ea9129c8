import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import {
  ApiError,
  FINDING_STATUSES,
  type FindingDetail,
  type FindingStatus,
  type Remediation,
  type Waiver,
} from '../api';
import { useSession } from '../auth';
import { FindingGraph } from '../graph/FindingGraph';
import { ErrorNotice, Section, SeverityBadge, StatusBadge, useLoad, When } from '../components/common';

export function FindingPage(props: { id: string }) {
  const { api, token, can, signOut } = useSession();
  const finding = useLoad(() => api.get<FindingDetail>(`/findings/${props.id}`), [props.id]);
  const remediation = useLoad(() => api.get<Remediation>(`/findings/${props.id}/remediation`), [props.id]);
  const data = finding.data;
  return (
    <>
      <p className="crumbs">
        <Link href="/findings">← Findings</Link>
      </p>
      <ErrorNotice error={finding.error} />
      {finding.loading && !data && <p role="status">Loading…</p>}
      {data && (
        <>
          <h1>
            <span className="rule">{data.ruleId}</span> {data.title}
          </h1>
          <p className="meta">
            <SeverityBadge severity={data.severity} /> <StatusBadge status={data.status} /> · project{' '}
            <strong>{data.project}</strong> · {data.resource.type} <code>{data.resource.id}</code> ·{' '}
            {data.file}:{data.line}:{data.column} · assignee {data.assignee ?? 'none'}
          </p>
          <Section title="What is wrong" id="message-heading">
            <p className="message">{data.message}</p>
            <h3>Evidence</h3>
            <Evidence evidence={data.evidence} />
          </Section>
          <section aria-labelledby="graph-heading" className="card graph-slot">
            <h2 id="graph-heading">Data path</h2>
            <FindingGraph findingId={props.id} token={token} onUnauthorized={signOut} />
          </section>
          <div className="columns">
            <div>
              <Section title="Remediation" id="remediation-heading">
                <p>{data.remediation}</p>
                <RemediationView remediation={remediation.data} error={remediation.error} />
              </Section>
            </div>
            <div>
              <Section title="References" id="references-heading">
                {data.references.length === 0 ? (
                  <p className="muted">None.</p>
                ) : (
                  <ul className="references">
                    {data.references.map((reference) => (
                      <li key={`${reference.framework} ${reference.id}`}>
                        <strong>{reference.framework}</strong> {reference.id}
                      </li>
                    ))}
                  </ul>
                )}
              </Section>
              <Section title="Waiver in force" id="waiver-heading">
                {data.waiver ? <WaiverFacts waiver={data.waiver} /> : <p className="muted">None.</p>}
              </Section>
              {can('update', 'Finding') && <TriageForm finding={data} onChanged={finding.reload} />}
              <Section title="History" id="history-heading">
                <ol className="history">
                  {data.history.map((event, index) => (
                    <li key={index}>
                      <When at={event.at} /> <strong>{event.type.replace(/_/g, ' ')}</strong> by {event.actor}
                      {event.fromStatus && event.toStatus && (
                        <>
                          {' '}
                          ({event.fromStatus.replace('_', ' ')} → {event.toStatus.replace('_', ' ')})
                        </>
                      )}
                      {event.note && <p className="note">{event.note}</p>}
                    </li>
                  ))}
                </ol>
              </Section>
            </div>
          </div>
        </>
      )}
    </>
  );
}

function Evidence(props: { evidence: Record<string, unknown> }) {
  const entries = Object.entries(props.evidence);
  if (entries.length === 0) return <p className="muted">None recorded.</p>;
  return (
    <dl className="evidence">
      {entries.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>
            <code>{typeof value === 'string' ? value : JSON.stringify(value)}</code>
          </dd>
        </div>
      ))}
    </dl>
  );
}

function RemediationView(props: { remediation: Remediation | undefined; error: unknown }) {
  if (props.error) return <ErrorNotice error={props.error} />;
  const remediation = props.remediation;
  if (!remediation) return <p role="status">Loading the fix…</p>;
  return (
    <>
      {remediation.fix ? (
        <>
          <h3>The fix as a JSON Patch</h3>
          <p>{remediation.fix.description}</p>
          <pre className="code" tabIndex={0} aria-label="JSON Patch">
            {JSON.stringify(remediation.fix.patch, null, 2)}
          </pre>
        </>
      ) : (
        <p className="muted">No automatic fix for this rule.</p>
      )}
      {remediation.error && <p className="warning">{remediation.error}</p>}
      {remediation.manifest && (
        <>
          <h3>
            The manifest, <code>{remediation.manifest.file}</code>
          </h3>
          <div className="before-after">
            <figure>
              <figcaption>Before</figcaption>
              <pre className="code" tabIndex={0} aria-label="Manifest excerpt before the fix">
                {remediation.manifest.excerptBefore}
              </pre>
            </figure>
            <figure>
              <figcaption>After the patch</figcaption>
              <pre className="code" tabIndex={0} aria-label="Manifest excerpt after the fix">
                {remediation.manifest.excerptAfter ?? '(the patch cannot be shown on this excerpt)'}
              </pre>
            </figure>
          </div>
        </>
      )}
    </>
  );
}

export function WaiverFacts(props: { waiver: Waiver }) {
  const waiver = props.waiver;
  return (
    <dl className="facts">
      <div>
        <dt>Kind</dt>
        <dd>{waiver.kind.replace('_', ' ')}</dd>
      </div>
      <div>
        <dt>State</dt>
        <dd>{waiver.state}</dd>
      </div>
      <div>
        <dt>Justification</dt>
        <dd>{waiver.justification}</dd>
      </div>
      <div>
        <dt>Expires</dt>
        <dd>
          <When at={waiver.expiresAt} />
        </dd>
      </div>
      <div>
        <dt>Requested</dt>
        <dd>
          by {waiver.requestedBy}, <When at={waiver.requestedAt} />
        </dd>
      </div>
      {waiver.decidedBy && (
        <div>
          <dt>Decided</dt>
          <dd>
            by {waiver.decidedBy}, <When at={waiver.decidedAt} />
            {waiver.decisionNote && <> — {waiver.decisionNote}</>}
          </dd>
        </div>
      )}
      {waiver.endCause && (
        <div>
          <dt>Ended</dt>
          <dd>
            {endCauseText(waiver.endCause)}, <When at={waiver.endedAt} />
          </dd>
        </div>
      )}
    </dl>
  );
}

/** Why a waiver stopped holding, in words. */
export function endCauseText(cause: string): string {
  const known: Record<string, string> = {
    waiver_expired: 'expired',
    waiver_lapsed: 'lapsed: the finding’s evidence changed after the request',
    fixed: 'the finding was fixed',
  };
  return known[cause] ?? cause.replace(/_/g, ' ');
}

/** PATCH /findings/:id: a move, an assignment, a note; a waiver kind asks for a justification. */
function TriageForm(props: { finding: FindingDetail; onChanged(): void }) {
  const { api } = useSession();
  const [status, setStatus] = useState<FindingStatus | ''>('');
  const [assignee, setAssignee] = useState('');
  const [note, setNote] = useState('');
  const [justification, setJustification] = useState('');
  const [expiresAt, setExpiresAt] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const waiverKind = status === 'false_positive' || status === 'risk_accepted';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setResult(null);
    try {
      const answer = await api.send<{ waiver?: Waiver }>('PATCH', `/findings/${props.finding.id}`, {
        ...(status && { status }),
        ...(assignee.trim() && { assignee: assignee.trim() }),
        ...(note.trim() && { note: note.trim() }),
        ...(waiverKind && { justification }),
        ...(status === 'risk_accepted' && expiresAt && { expiresAt: new Date(expiresAt).toISOString() }),
      });
      setResult(
        answer.status === 202
          ? 'Waiver requested: another person must approve it on the Waivers page.'
          : 'Saved.',
      );
      setStatus('');
      setAssignee('');
      setNote('');
      setJustification('');
      setExpiresAt('');
      props.onChanged();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new Error(String(caught)));
    }
  };
  return (
    <form className="card triage" onSubmit={submit} aria-labelledby="triage-heading">
      <h2 id="triage-heading">Triage, or request a waiver</h2>
      <label>
        Move to
        <select
          name="status"
          value={status}
          onChange={(event) => setStatus(event.target.value as FindingStatus)}
        >
          <option value="">(unchanged)</option>
          {FINDING_STATUSES.filter((item) => item !== props.finding.status && item !== 'fixed').map(
            (item) => (
              <option key={item} value={item}>
                {item === 'false_positive' || item === 'risk_accepted'
                  ? `${item.replace('_', ' ')} (a waiver)`
                  : item.replace('_', ' ')}
              </option>
            ),
          )}
        </select>
      </label>
      {waiverKind && (
        <label>
          Justification
          <textarea
            name="justification"
            required
            rows={3}
            value={justification}
            onChange={(event) => setJustification(event.target.value)}
          />
        </label>
      )}
      {status === 'risk_accepted' && (
        <label>
          Accepted until
          <input
            name="expiresAt"
            type="date"
            required
            value={expiresAt}
            onChange={(event) => setExpiresAt(event.target.value)}
          />
        </label>
      )}
      <label>
        Assignee
        <input name="assignee" value={assignee} onChange={(event) => setAssignee(event.target.value)} />
      </label>
      <label>
        Note
        <input name="note" value={note} onChange={(event) => setNote(event.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={!status && !assignee.trim() && !note.trim()}>
        {waiverKind ? 'Request waiver' : 'Save'}
      </button>
      {result && (
        <p className="success" role="status">
          {result}
        </p>
      )}
      <ErrorNotice error={error} />
    </form>
  );
}
