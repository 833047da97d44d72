import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Api, useSession } from '../api/client';
import { ContactFilters, filterParams } from './contact-query';

/** Chosen rows, or every contact the keyword and filters match (counted when chosen). */
export type Selection = { kind: 'rows'; ids: string[] } | { kind: 'matching'; count: number };

export type BulkChange =
  | { action: 'add-tags' | 'remove-tags'; tags: string[] }
  | { action: 'set-status'; status: string }
  | { action: 'add-to-list' | 'remove-from-list'; listId: string }
  | { action: 'delete' };

export interface BulkProgress {
  done: number;
  total: number;
  changed: number;
}

/** The API takes at most this many ids a request; each chunk is one short request, so progress shows and a cancel stops between chunks. */
const CHUNK = 500;

async function* chunksOf(api: Api, selection: Selection, q: string, filters: ContactFilters, signal: AbortSignal): AsyncGenerator<string[]> {
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

/** Runs one change over a selection chunk by chunk, with progress and cancel. */
export function useBulkRun(q: string, filters: ContactFilters) {
  const { api } = useSession();
  const queries = useQueryClient();
  const [progress, setProgress] = useState<BulkProgress | null>(null);
  const abort = useRef<AbortController | null>(null);
  const run = useMutation({
    mutationFn: async ({ selection, change }: { selection: Selection; change: BulkChange }) => {
      const controller = new AbortController();
      abort.current = controller;
      const total = selection.kind === 'rows' ? selection.ids.length : selection.count;
      const tally: BulkProgress = { done: 0, total, changed: 0 };
      setProgress({ ...tally });
      try {
        for await (const ids of chunksOf(api, selection, q, filters, controller.signal)) {
          const outcome = await api<{ matched: number; changed: number }>('contacts', '/v1/contacts/bulk', { method: 'POST', body: { ...change, ids }, signal: controller.signal });
          tally.done += ids.length;
          tally.total = Math.max(tally.total, tally.done);
          tally.changed += outcome.changed;
          setProgress({ ...tally });
        }
      } catch (error) {
        if (!controller.signal.aborted) throw error;
      }
      return { ...tally, cancelled: controller.signal.aborted };
    },
    onSettled: () => {
      for (const key of [['contacts'], ['tags'], ['lists'], ['tenant', 'usage']]) void queries.invalidateQueries({ queryKey: key });
    },
  });
  return {
    start: (selection: Selection, change: BulkChange) => run.mutate({ selection, change }),
    cancel: () => abort.current?.abort(),
    reset: () => {
      run.reset();
      setProgress(null);
    },
    progress,
    running: run.isPending,
    result: run.data,
    error: run.error,
  };
}
