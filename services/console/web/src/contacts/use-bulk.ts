import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useSession } from '../api/client';
import { Selection, idChunks } from './bulk-chunks';
import type { ContactFilters } from './contact-query';

export type { Selection };

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
        for await (const ids of idChunks(api, selection, q, filters, controller.signal)) {
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
