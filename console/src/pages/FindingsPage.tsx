import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import {
  ApiError,
  FINDING_SORTS,
  FINDING_STATUSES,
  queryString,
  SEVERITIES,
  type Finding,
  type FindingCounts,
  type FindingStatus,
  type Page,
} from '../api';
import { useSession } from '../auth';
import { ErrorNotice, SeverityBadge, StatusBadge, useLoad, When } from '../components/common';

/** The filters GET /findings takes, as the URL carries them (so a view can be shared). */
const TEXT_FILTERS = ['project', 'q', 'rule', 'module', 'resource', 'assignee'] as const;
const PAGE_SIZES = [25, 50, 100];

interface Filters {
  project: string;
  q: string;
  rule: string;
  module: string;
  resource: string;
  assignee: string;
  status: string[];
  severity: string[];
  sort: string;
  limit: number;
}

function readFilters(search: string): Filters {
  const params = new URLSearchParams(search);
  const list = (name: string) => (params.get(name) ?? '').split(',').filter((item) => item !== '');
  const limit = Number(params.get('limit'));
  return {
    project: params.get('project') ?? '',
    q: params.get('q') ?? '',
    rule: params.get('rule') ?? '',
    module: params.get('module') ?? '',
    resource: params.get('resource') ?? '',
    assignee: params.get('assignee') ?? '',
    status: list('status'),
    severity: list('severity'),
    sort: params.get('sort') ?? '-severity',
    limit: PAGE_SIZES.includes(limit) ? limit : 50,
  };
}

function filterQuery(filters: Filters, extra: Record<string, string | undefined> = {}) {
  return queryString({
    ...Object.fromEntries(TEXT_FILTERS.map((name) => [name, filters[name].trim()])),
    status: filters.status,
    severity: filters.severity,
    sort: filters.sort === '-severity' ? undefined : filters.sort,
    limit: filters.limit === 50 ? undefined : filters.limit,
    ...extra,
  });
}

export function FindingsPage() {
  const { api, can } = useSession();
  const search = useSearch();
  const [, navigate] = useLocation();
  const filters = useMemo(() => readFilters(search), [search]);
  const query = filterQuery(filters);
  // The cursors of the pages before this one: "Previous" goes back along them.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  useEffect(() => setCursors([]), [query]);
  const page = useLoad(
    () => api.get<Page<Finding>>(`/findings${filterQuery(filters, { cursor })}`),
    [query, cursor],
  );
  const counts = useLoad(
    () =>
      api.get<FindingCounts>(`/findings/counts${filterQuery({ ...filters, sort: '-severity', limit: 50 })}`),
    [query],
  );
  const [selected, setSelected] = useState<Set<string>>(new Set());
  useEffect(() => setSelected(new Set()), [query, cursor]);
  const items = page.data?.items ?? [];
  const headingRef = useRef<HTMLHeadingElement>(null);

  const apply = (next: Filters) => navigate(`/findings${filterQuery(next)}`);
  const toggle = (id: string) =>
    setSelected((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allSelected = items.length > 0 && items.every((item) => selected.has(item.id));
  // A key whose role may not read findings: the API's refusal, once, and nothing to filter.
  if (page.error instanceof ApiError && page.error.status === 403)
    return (
      <>
        <h1>Findings</h1>
        <ErrorNotice error={page.error} />
      </>
    );

  return (
    <>
      <h1 ref={headingRef} tabIndex={-1}>
        Findings
      </h1>
      <FilterForm filters={filters} onApply={apply} />
      <CountsBar counts={counts.data} error={counts.error} />
      {can('update', 'Finding') && (
        <BulkTriage
          ids={[...selected]}
          onDone={() => {
            setSelected(new Set());
            page.reload();
            counts.reload();
          }}
        />
      )}
      <ErrorNotice error={page.error} />
      <div className="table-wrap">
        <table className="findings">
          <caption className="visually-hidden">Findings matching the filters, {filters.sort} first</caption>
          <thead>
            <tr>
              {can('update', 'Finding') && (
                <th scope="col" className="select">
                  <input
                    type="checkbox"
                    aria-label="Select every finding on this page"
                    checked={allSelected}
                    onChange={() =>
                      setSelected(allSelected ? new Set() : new Set(items.map((item) => item.id)))
                    }
                  />
                </th>
              )}
              <th scope="col">Severity</th>
              <th scope="col">Finding</th>
              <th scope="col">Resource</th>
              <th scope="col">Project</th>
              <th scope="col">Status</th>
              <th scope="col">Assignee</th>
              <th scope="col">Last seen</th>
            </tr>
          </thead>
          <tbody aria-busy={page.loading}>
            {items.map((finding) => (
              <tr key={finding.id} className={selected.has(finding.id) ? 'selected' : undefined}>
                {can('update', 'Finding') && (
                  <td className="select">
                    <input
                      type="checkbox"
                      aria-label={`Select ${finding.ruleId} on ${finding.resource.id}`}
                      checked={selected.has(finding.id)}
                      onChange={() => toggle(finding.id)}
                    />
                  </td>
                )}
                <td>
                  <SeverityBadge severity={finding.severity} />
                </td>
                <td>
                  <Link href={`/findings/${finding.id}`} className="finding-link">
                    <span className="rule">{finding.ruleId}</span> {finding.title}
                  </Link>
                </td>
                <td>
                  <code>{finding.resource.id}</code>
                </td>
                <td>{finding.project}</td>
                <td>
                  <StatusBadge status={finding.status} />
                </td>
                <td>{finding.assignee ?? <span className="muted">—</span>}</td>
                <td>
                  <When at={finding.lastSeenAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!page.loading && !page.error && items.length === 0 && <p className="empty">No finding matches.</p>}
      </div>
      <nav className="pager" aria-label="Pages of findings">
        <button
          type="button"
          disabled={cursors.length === 0}
          onClick={() => setCursors((previous) => previous.slice(0, -1))}
        >
          Previous page
        </button>
        <span aria-live="polite">
          Page {cursors.length + 1}
          {page.data && ` · ${items.length} shown`}
        </span>
        <button
          type="button"
          disabled={!page.data?.nextCursor}
          onClick={() => {
            setCursors((previous) => [...previous, page.data!.nextCursor!]);
            headingRef.current?.focus();
          }}
        >
          Next page
        </button>
      </nav>
    </>
  );
}

function FilterForm(props: { filters: Filters; onApply(filters: Filters): void }) {
  const [draft, setDraft] = useState(props.filters);
  useEffect(() => setDraft(props.filters), [props.filters]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onApply(draft);
  };
  const toggle = (field: 'status' | 'severity', value: string) =>
    setDraft((previous) => ({
      ...previous,
      [field]: previous[field].includes(value)
        ? previous[field].filter((item) => item !== value)
        : [...previous[field], value],
    }));
  const labels: Record<(typeof TEXT_FILTERS)[number], string> = {
    project: 'Project',
    q: 'Text (3+ characters)',
    rule: 'Rule ids',
    module: 'Modules',
    resource: 'Resource',
    assignee: 'Assignee',
  };
  return (
    <form className="filters card" onSubmit={submit} role="search" aria-label="Filter findings">
      <fieldset>
        <legend>Severity</legend>
        {SEVERITIES.map((severity) => (
          <label key={severity} className="check">
            <input
              type="checkbox"
              name="severity"
              value={severity}
              checked={draft.severity.includes(severity)}
              onChange={() => toggle('severity', severity)}
            />
            {severity}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Status</legend>
        {FINDING_STATUSES.map((status) => (
          <label key={status} className="check">
            <input
              type="checkbox"
              name="status"
              value={status}
              checked={draft.status.includes(status)}
              onChange={() => toggle('status', status)}
            />
            {status.replace('_', ' ')}
          </label>
        ))}
      </fieldset>
      <div className="fields">
        {TEXT_FILTERS.map((name) => (
          <label key={name}>
            {labels[name]}
            <input
              name={name}
              value={draft[name]}
              minLength={name === 'q' ? 3 : undefined}
              onChange={(event) => setDraft({ ...draft, [name]: event.target.value })}
            />
          </label>
        ))}
        <label>
          Sort
          <select
            name="sort"
            value={draft.sort}
            onChange={(event) => setDraft({ ...draft, sort: event.target.value })}
          >
            {FINDING_SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {sortLabel(sort)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Per page
          <select
            name="limit"
            value={draft.limit}
            onChange={(event) => setDraft({ ...draft, limit: Number(event.target.value) })}
          >
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          Apply filters
        </button>
        <button type="button" onClick={() => props.onApply(readFilters(''))}>
          Clear
        </button>
      </div>
    </form>
  );
}

function sortLabel(sort: string): string {
  const descending = sort.startsWith('-');
  const field = { severity: 'severity', lastSeenAt: 'last seen', firstSeenAt: 'first seen' }[
    descending ? sort.slice(1) : sort
  ];
  if (field === 'severity') return descending ? 'Most severe first' : 'Least severe first';
  return `${field}, ${descending ? 'newest' : 'oldest'} first`;
}

function CountsBar(props: { counts: FindingCounts | undefined; error: unknown }) {
  if (props.error) return <ErrorNotice error={props.error} />;
  const counts = props.counts;
  return (
    <section className="counts" aria-label="Counts of the matching findings">
      <p className="total">
        <strong>{counts ? counts.total : '…'}</strong> matching
      </p>
      <dl className="by-severity">
        {SEVERITIES.map((severity) => (
          <div key={severity} className={`count severity-${severity}`}>
            <dt>{severity}</dt>
            <dd>{counts ? counts.bySeverity[severity] : '…'}</dd>
          </div>
        ))}
      </dl>
      <dl className="by-status">
        {FINDING_STATUSES.map((status) => (
          <div key={status} className="count">
            <dt>{status.replace('_', ' ')}</dt>
            <dd>{counts ? counts.byStatus[status] : '…'}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** POST /findings/bulk: all or nothing; a security officer's waivers become requests (202). */
function BulkTriage(props: { ids: string[]; onDone(): void }) {
  const { api } = useSession();
  const [status, setStatus] = useState<FindingStatus | ''>('');
  const [assignee, setAssignee] = useState('');
  const [justification, setJustification] = useState('');
  const [expiresAt, setExpiresAt] = useState('');
  const [note, setNote] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const needsJustification = status === 'false_positive' || status === 'risk_accepted';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const body = {
        ids: props.ids,
        ...(status && { status }),
        ...(assignee.trim() && { assignee: assignee.trim() }),
        ...(note.trim() && { note: note.trim() }),
        ...(needsJustification && { justification }),
        ...(status === 'risk_accepted' && expiresAt && { expiresAt: new Date(expiresAt).toISOString() }),
      };
      const answer = await api.send<{ updated?: number; waivers?: unknown[] }>(
        'POST',
        '/findings/bulk',
        body,
      );
      setResult(
        answer.status === 202
          ? `${answer.body.waivers?.length ?? 0} waiver requests made: another person must approve them.`
          : `${answer.body.updated ?? 0} findings changed.`,
      );
      setStatus('');
      setAssignee('');
      setNote('');
      setJustification('');
      props.onDone();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new Error(String(caught)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="bulk card" onSubmit={submit} aria-labelledby="bulk-heading">
      <h2 id="bulk-heading">Triage the selected ({props.ids.length})</h2>
      <div className="fields">
        <label>
          New status
          <select
            name="bulk-status"
            value={status}
            onChange={(event) => setStatus(event.target.value as FindingStatus)}
          >
            <option value="">(unchanged)</option>
            {FINDING_STATUSES.filter((item) => item !== 'fixed').map((item) => (
              <option key={item} value={item}>
                {item.replace('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Assignee
          <input
            name="bulk-assignee"
            value={assignee}
            onChange={(event) => setAssignee(event.target.value)}
          />
        </label>
        <label>
          Note
          <input name="bulk-note" value={note} onChange={(event) => setNote(event.target.value)} />
        </label>
        {needsJustification && (
          <label>
            Justification
            <input
              name="bulk-justification"
              required
              value={justification}
              onChange={(event) => setJustification(event.target.value)}
            />
          </label>
        )}
        {status === 'risk_accepted' && (
          <label>
            Accepted until
            <input
              name="bulk-expires"
              type="date"
              required
              value={expiresAt}
              onChange={(event) => setExpiresAt(event.target.value)}
            />
          </label>
        )}
      </div>
      <div className="actions">
        <button
          type="submit"
          className="primary"
          disabled={busy || props.ids.length === 0 || (!status && !assignee.trim() && !note.trim())}
        >
          Apply to {props.ids.length} selected
        </button>
      </div>
      {result && (
        <p className="success" role="status">
          {result}
        </p>
      )}
      <ErrorNotice error={error} />
    </form>
  );
}
