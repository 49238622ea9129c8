import { useEffect, useState } from 'react';
import { Link, Redirect, Route, Switch } from 'wouter';
import { ApiError, whoIs } from './api';
import { SessionProvider, useSession, useStoredSession } from './auth';
import { SignIn } from './pages/SignIn';
import { FindingsPage } from './pages/FindingsPage';
import { FindingPage } from './pages/FindingPage';
import { WaiversPage } from './pages/WaiversPage';
import { ScansPage } from './pages/ScansPage';
import { ReportsPage } from './pages/ReportsPage';
import { NavLink } from './components/NavLink';

export function App() {
  const { state, notice, signIn, signOut, stored } = useStoredSession();
  // A reload keeps the tab's key: ask the API again who it is before showing anything.
  const [restoring, setRestoring] = useState(() => stored() !== null);
  useEffect(() => {
    const token = stored();
    if (!token) return;
    whoIs(token)
      .then((me) => signIn(token, me))
      .catch((error: unknown) => signOut(error instanceof ApiError && error.status === 401))
      .finally(() => setRestoring(false));
  }, [stored, signIn, signOut]);
  if (restoring)
    return (
      <p className="loading" role="status">
        Loading…
      </p>
    );
  if (!state) return <SignIn notice={notice} onSignedIn={signIn} />;
  return (
    <SessionProvider token={state.token} me={state.me} onSignOut={signOut}>
      <Shell />
    </SessionProvider>
  );
}

function Shell() {
  const { me, can, signOut } = useSession();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link href="/findings" className="brand">
          Vigil
        </Link>
        <nav aria-label="Pages">
          <ul>
            {can('read', 'Finding') && <NavLink href="/findings">Findings</NavLink>}
            {can('read', 'Waiver') && <NavLink href="/waivers">Waivers</NavLink>}
            {can('read', 'Scan') && <NavLink href="/scans">Scans</NavLink>}
            {can('read', 'Report') && <NavLink href="/reports">Reports</NavLink>}
          </ul>
        </nav>
        <div className="who">
          <span>
            {me.name} <span className="role">{me.role}</span>
            {me.projects && <span className="projects"> · {me.projects.join(', ')}</span>}
          </span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Switch>
          <Route path="/">
            <Redirect to={can('read', 'Finding') ? '/findings' : '/scans'} replace />
          </Route>
          <Route path="/findings" component={FindingsPage} />
          <Route path="/findings/:id">{(params) => <FindingPage id={params.id} />}</Route>
          <Route path="/waivers" component={WaiversPage} />
          <Route path="/scans" component={ScansPage} />
          <Route path="/reports" component={ReportsPage} />
          <Route>
            <h1>Not found</h1>
            <p>
              No page here. <Link href="/findings">Findings</Link>
            </p>
          </Route>
        </Switch>
      </main>
    </>
  );
}
