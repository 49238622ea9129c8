import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../api';

/** What a load gives: its data, or the error to show (a 403 says the role may not). */
export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/**
 * Loads `load()` whenever `deps` change. `loading` is true from the very render the deps change
 * in (the last data stays shown meanwhile); an answer for older deps is dropped.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [tick, setTick] = useState(0);
  const key = JSON.stringify([...deps, tick]);
  const [state, setState] = useState<{ key?: string; data?: T; error?: unknown }>({});
  useEffect(() => {
    let current = true;
    load().then(
      (data) => current && setState({ key, data }),
      (error: unknown) => current && setState({ key, error }),
    );
    return () => {
      current = false;
    };
  }, [key]);
  const reload = useCallback(() => setTick((value) => value + 1), []);
  return {
    data: state.data,
    error: state.key === key ? state.error : undefined,
    loading: state.key !== key,
    reload,
  };
}

/** An API refusal as such: 401, 403 and 404 named, with the API's own message. */
export function ErrorNotice(props: { error: unknown }) {
  if (!props.error) return null;
  const error = props.error;
  let title = 'Something went wrong';
  if (error instanceof ApiError) {
    if (error.status === 401) title = '401 Unauthorized: the key is not (or no longer) valid';
    else if (error.status === 403) title = '403 Forbidden: the API refused this for your key';
    else if (error.status === 404) title = '404 Not found';
    else if (error.status === 409) title = '409 Conflict: the API refused the change';
    else title = `Error ${error.status}`;
  }
  return (
    <div className="alert" role="alert">
      <strong>{title}</strong>
      <p>{(error as Error).message}</p>
      {error instanceof ApiError && <FailureList body={error.body} />}
    </div>
  );
}

/** The per-finding reasons a bulk change lists when it refuses. */
function FailureList(props: { body: unknown }) {
  const failures = (props.body as { failures?: { id: string; reason?: string; message?: string }[] } | null)
    ?.failures;
  if (!Array.isArray(failures) || failures.length === 0) return null;
  return (
    <ul>
      {failures.map((failure) => (
        <li key={failure.id}>
          <code>{failure.id.slice(0, 8)}</code>: {failure.message ?? failure.reason ?? 'refused'}
        </li>
      ))}
    </ul>
  );
}

export function SeverityBadge(props: { severity: string }) {
  return <span className={`badge severity-${props.severity}`}>{props.severity}</span>;
}

export function StatusBadge(props: { status: string }) {
  return <span className={`badge status`}>{props.status.replace('_', ' ')}</span>;
}

/** A date as the reader's locale shows it, the exact instant in a tooltip-free <time>. */
export function When(props: { at: string | null | undefined }) {
  if (!props.at) return <span className="muted">—</span>;
  const date = new Date(props.at);
  return <time dateTime={props.at}>{date.toISOString().slice(0, 16).replace('T', ' ')} UTC</time>;
}

export function Section(props: { title: string; id: string; children: ReactNode; className?: string }) {
  return (
    <section aria-labelledby={props.id} className={props.className ?? 'card'}>
      <h2 id={props.id}>{props.title}</h2>
      {props.children}
    </section>
  );
}
