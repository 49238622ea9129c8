import { useState, type FormEvent } from 'react';
import { ApiError, whoIs, type Me } from '../api';

/** The key is typed (or pasted) into a password field: never in the URL, never logged. */
export function SignIn(props: { notice: string | null; onSignedIn(token: string, me: Me): void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await whoIs(token.trim());
      props.onSignedIn(token.trim(), me);
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.status === 401
          ? 'The API refused this key (401): it is unknown, expired or revoked.'
          : `Could not sign in: ${(caught as Error).message}`,
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" className="sign-in">
      <h1>Vigil console</h1>
      <p>Sign in with an API key. It is kept in this tab only and goes when the tab closes.</p>
      {props.notice && (
        <p className="alert" role="alert">
          {props.notice}
        </p>
      )}
      <form onSubmit={submit}>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          required
          value={token}
          onChange={(event) => setToken(event.target.value)}
        />
        <button type="submit" disabled={busy || token.trim() === ''}>
          Sign in
        </button>
        {error && (
          <p className="alert" role="alert">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
