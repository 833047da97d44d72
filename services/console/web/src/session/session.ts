/** The signed-in user, as the console learns it from the bearer token it was handed. */
export interface Session {
  token: string;
  tenantId: string;
  role: 'admin' | 'agent' | 'viewer';
  subject: string | null;
  expiresAt: number | null;
}

const STORAGE_KEY = 'roster.session';

/** Reads the claims for the UI only; every service verifies the token itself. */
export function sessionOf(token: string): Session | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    if (typeof payload.tid !== 'string' || !['admin', 'agent', 'viewer'].includes(payload.role)) return null;
    const expiresAt = typeof payload.exp === 'number' ? payload.exp * 1000 : null;
    if (expiresAt !== null && expiresAt < Date.now()) return null;
    return { token, tenantId: payload.tid, role: payload.role, subject: payload.sub ?? null, expiresAt };
  } catch {
    return null;
  }
}

/**
 * The token comes in the URL fragment (`#token=…`, never sent to a server, removed from the address
 * bar at once) or by `postMessage` from an allowed embedding origin, and is kept in session
 * storage only: no cookie another site could ride.
 */
export function sessionFromLocation(): Session | null {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const handed = fragment.get('token');
  if (handed) {
    history.replaceState(null, '', window.location.pathname + window.location.search);
    const session = sessionOf(handed);
    if (session) sessionStorage.setItem(STORAGE_KEY, handed);
    return session;
  }
  const stored = sessionStorage.getItem(STORAGE_KEY);
  return stored ? sessionOf(stored) : null;
}

/** Tokens posted by the embedding SaaS page: `{ type: 'roster.token', token }`, from an allowed origin only. */
export function listenForEmbeddedToken(allowedOrigins: readonly string[], onSession: (session: Session) => void): () => void {
  const listener = (event: MessageEvent) => {
    if (!allowedOrigins.includes(event.origin)) return;
    if (event.data?.type !== 'roster.token' || typeof event.data.token !== 'string') return;
    const session = sessionOf(event.data.token);
    if (!session) return;
    sessionStorage.setItem(STORAGE_KEY, event.data.token);
    onSession(session);
  };
  window.addEventListener('message', listener);
  return () => window.removeEventListener('message', listener);
}

export function signOut(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

export const canWrite = (session: Session) => session.role !== 'viewer';
