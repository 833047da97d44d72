import type { Api } from '../api/client';
import { ContactFilters, filterParams } from './contact-query';

/** Chosen rows, or every contact the keyword and filters match (counted when chosen). */
export type Selection = { kind: 'rows'; ids: string[] } | { kind: 'matching'; count: number };

/** The API takes at most this many ids a request; each chunk is one short request, so progress shows and a cancel stops between chunks. */
const CHUNK = 500;

export async function* idChunks(api: Api, selection: Selection, q: string, filters: ContactFilters, signal: AbortSignal): AsyncGenerator<string[]> {
  if (selection.kind === 'rows') {
    for (let i = 0; i < selection.ids.length; i += CHUNK) yield selection.ids.slice(i, i + CHUNK);
    return;
  }
  // Oldest first by id: a keyset walk that changes made on the way (even deletes) cannot disturb.
  const params = filterParams(q, filters);
  params.set('sort', 'createdAt');
  params.set('order', 'asc');
  params.set('limit', String(CHUNK));
  params.set('fields', 'status');
  let cursor: string | null = null;
  do {
    if (cursor) params.set('cursor', cursor);
    const page: { items: Array<{ id: string }>; nextCursor: string | null } = await api('contacts', `/v1/contacts?${params}`, { signal });
    if (page.items.length) yield page.items.map((c) => c.id);
    cursor = page.nextCursor;
  } while (cursor);
}

