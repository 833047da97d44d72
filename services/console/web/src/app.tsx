import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { SessionContext, apiFor } from './api/client';
import { ContactsScreen } from './contacts/contacts-screen';
import { ContactProfile } from './contacts/profile/contact-profile';
import { Session, canWrite, listenForEmbeddedToken, sessionFromLocation, signOut } from './session/session';
import { Link, useLocation } from './shared/router';
import { DuplicatesScreen } from './duplicates/duplicates-screen';
import { ImportsScreen } from './imports/imports-screen';
import { ListsScreen } from './lists/lists-screen';
import { SegmentsScreen } from './segments/segments-screen';
import { SettingsScreen } from './settings/settings-screen';
import { TagsScreen } from './tags/tags-screen';

export function App() {
  const queries = useQueryClient();
  const [session, setSession] = useState<Session | null>(() => sessionFromLocation());
  // Another user's token (handed while the console is open) must see nothing cached for the last one.
  const switchTo = useCallback((next: Session | null) => {
    setSession((current) => {
      if (current?.token !== next?.token) queries.clear();
      return next;
    });
  }, [queries]);
  useEffect(() => {
    let stop = () => {};
    void fetch('/config').then((r) => r.json()).then((config: { embedOrigins: string[] }) => {
      stop = listenForEmbeddedToken(config.embedOrigins, switchTo);
    }).catch(() => undefined);
    const onHash = () => window.location.hash.includes('token=') && switchTo(sessionFromLocation());
    window.addEventListener('hashchange', onHash);
    return () => {
      stop();
      window.removeEventListener('hashchange', onHash);
    };
  }, [switchTo]);
  const api = useMemo(() => session && apiFor(session, () => { signOut(); switchTo(null); }), [session, switchTo]);

  if (!session || !api) return <SignedOut />;
  return (
    <SessionContext.Provider value={{ session, api }}>
      <Shell key={session.token} session={session} />
    </SessionContext.Provider>
  );
}

function SignedOut() {
  return (
    <main className="signed-out">
      <h1>Roster</h1>
      <p>Open the console from your workspace to sign in. The link carries your session; it is not stored in a cookie.</p>
    </main>
  );
}

function screenOf(path: string, query: URLSearchParams, contactId: string | undefined) {
  if (contactId) return <ContactProfile id={contactId} />;
  if (path.startsWith('/lists')) return <ListsScreen />;
  if (path.startsWith('/imports')) return <ImportsScreen importId={/^\/imports\/([0-9a-f]{24})$/.exec(path)?.[1]} />;
  if (path.startsWith('/tags')) return <TagsScreen />;
  if (path.startsWith('/duplicates')) return <DuplicatesScreen />;
  if (path.startsWith('/segments')) return <SegmentsScreen route={/^\/segments\/(new|[0-9a-f]{24})$/.exec(path)?.[1]} />;
  if (path.startsWith('/settings')) return <SettingsScreen />;
  return <ContactsScreen key={query.toString()} />;
}

function Shell({ session }: { session: Session }) {
  const { path, query } = useLocation();
  const profile = /^\/contacts\/([0-9a-f]{24})$/.exec(path);
  return (
    <>
      <header className="top-bar">
        <Link to="/contacts" className="brand">Roster</Link>
        <nav aria-label="Main">
          <Link to="/contacts" aria-current={path.startsWith('/contacts') ? 'page' : undefined}>Contacts</Link>
          <Link to="/imports" aria-current={path.startsWith('/imports') ? 'page' : undefined}>Imports</Link>
          <Link to="/segments" aria-current={path.startsWith('/segments') ? 'page' : undefined}>Segments</Link>
          {canWrite(session) && <Link to="/duplicates" aria-current={path.startsWith('/duplicates') ? 'page' : undefined}>Duplicates</Link>}
          <Link to="/lists" aria-current={path.startsWith('/lists') ? 'page' : undefined}>Lists</Link>
          <Link to="/tags" aria-current={path.startsWith('/tags') ? 'page' : undefined}>Tags</Link>
          {session.role === 'admin' && <Link to="/settings" aria-current={path.startsWith('/settings') ? 'page' : undefined}>Settings</Link>}
        </nav>
        <span className="who">{session.tenantId} · {session.role}</span>
      </header>
      <main>{screenOf(path, query, profile?.[1])}</main>
    </>
  );
}
