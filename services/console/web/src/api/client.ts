import { createContext, useContext } from 'react';
import type { Session } from '../session/session';

export type Service = 'contacts' | 'imports' | 'segmentation' | 'dedupe';

/** A problem+json answer, with the per-field messages of a validation failure. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    detail: string,
    readonly body: Record<string, unknown>,
  ) {
    super(detail);
  }

  /** The problem an answer's status and (problem+json) body describe; `fallback` when the body names none. */
  static of(status: number, body: Record<string, unknown>, fallback: string): ApiProblem {
    return new ApiProblem(status, String(body.type ?? 'about:blank'), String(body.detail ?? body.title ?? fallback), body);
  }

  /** `problems/contact-exists` → `contact-exists`. */
  get code(): string {
    return this.type.split('/').pop() ?? this.type;
  }

  fieldMessages(): Record<string, string> {
    const errors = (this.body.errors ?? []) as Array<{ field: string; messages: string[] }>;
    return Object.fromEntries(errors.map((e) => [e.field, e.messages.join('; ')]));
  }
}

export type Api = <T>(service: Service, path: string, init?: { method?: string; body?: unknown; signal?: AbortSignal }) => Promise<T>;

export function apiFor(session: Session, onUnauthorized: () => void): Api {
  return async (service, path, init = {}) => {
    const response = await fetch(`/api/${service}${path}`, {
      method: init.method ?? 'GET',
      signal: init.signal,
      headers: { Authorization: `Bearer ${session.token}`, ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
    if (response.status === 204) return undefined as never;
    const body = response.headers.get('content-type')?.includes('json') ? await response.json() : { detail: await response.text() };
    if (response.ok) return body;
    if (response.status === 401) onUnauthorized();
    throw ApiProblem.of(response.status, body, response.statusText);
  };
}

export const SessionContext = createContext<{ session: Session; api: Api } | null>(null);

export function useSession(): { session: Session; api: Api } {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in console');
  return value;
}

/** Saves what a GET answers (an export, an error file) under `filename`, sent with the session's token. */
export async function downloadFile(session: Session, service: Service, path: string, filename: string): Promise<void> {
  const response = await fetch(`/api/${service}${path}`, { headers: { Authorization: `Bearer ${session.token}` } });
  if (!response.ok) {
    throw ApiProblem.of(response.status, await response.json().catch(() => ({})), response.statusText);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
