import { AnchorHTMLAttributes, useEffect, useState } from 'react';

/** The console's few routes live in the path (and a screen's filters in the query); navigation is pushState, no reloads. */
export function navigate(path: string): void {
  history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

const here = () => ({ path: window.location.pathname, query: new URLSearchParams(window.location.search) });

export function useLocation(): { path: string; query: URLSearchParams } {
  const [location, setLocation] = useState(here);
  useEffect(() => {
    const update = () => setLocation(here());
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return location;
}

/** A link to a route of the console: followed with pushState (`onFollow` runs first), and a real href for the browser. */
export function Link({ to, onFollow, ...anchor }: Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href' | 'onClick'> & { to: string; onFollow?: () => void }) {
  return (
    <a
      {...anchor}
      href={to}
      onClick={(event) => {
        event.preventDefault();
        event.stopPropagation();
        onFollow?.();
        navigate(to);
      }}
    />
  );
}
