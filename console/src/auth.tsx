import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { apiClient, type ApiClient, type Me } from './api';
import { forgetToken, storedToken, storeToken } from './session';

/** The signed-in key: who it is, what its role may do, and the client that calls with it. */
export interface Session {
  token: string;
  me: Me;
  api: ApiClient;
  /** Mirrors the API's abilities for what a page offers; the API still decides every call. */
  can(action: string, subject: string): boolean;
  signOut(): void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

export function SessionProvider(props: {
  token: string;
  me: Me;
  onSignOut(expired: boolean): void;
  children: ReactNode;
}) {
  const { token, me, onSignOut } = props;
  const session = useMemo<Session>(
    () => ({
      token,
      me,
      api: apiClient(token, () => onSignOut(true)),
      can: (action, subject) => me.permissions.includes(`${action}:${subject}`),
      signOut: () => onSignOut(false),
    }),
    [token, me, onSignOut],
  );
  return <SessionContext.Provider value={session}>{props.children}</SessionContext.Provider>;
}

/** The stored key and its /auth/me answer, or nothing; signing in and out change both. */
export function useStoredSession() {
  const [state, setState] = useState<{ token: string; me: Me } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const signIn = useCallback((token: string, me: Me) => {
    storeToken(token);
    setNotice(null);
    setState({ token, me });
  }, []);
  const signOut = useCallback((expired: boolean) => {
    forgetToken();
    setState(null);
    setNotice(
      expired ? 'The API refused the key (401): it is unknown, expired or revoked. Sign in again.' : null,
    );
  }, []);
  return { state, notice, signIn, signOut, stored: storedToken };
}
