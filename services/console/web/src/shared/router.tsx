import { AnchorHTMLAttributes, useEffect, useState } from 'react';

/** The console's few routes live in the path; navigation is pushState, no reloads. */
export function navigate(path: string): void {
  history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function usePath(): string {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const update = () => setPath(window.location.pathname);
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return path;
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
