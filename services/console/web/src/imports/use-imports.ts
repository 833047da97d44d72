import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ApiProblem, downloadFile, useSession } from '../api/client';
import { cursorPages } from '../api/paging';
import type { Session } from '../session/session';

export interface ImportPass {
  state: 'idle' | 'queued' | 'running' | 'completed' | 'cancelled' | 'failed';
  counts: { read: number; duplicates: number; created: number; updated: number; unchanged: number; rejected: number };
  rejectedByReason: Record<string, number>;
  failure?: string;
  plan?: { contacts: number; limit: number; wouldCreate: number; refused: number; detail: string };
  progress: { rowsDone: number; rowsTotal: number | null; percent: number; rowsPerSecond: number; etaSeconds: number | null };
  startedAt?: string;
  finishedAt?: string;
}

export interface ImportOptions {
  mode: 'create' | 'update' | 'upsert';
  defaultCountry?: string;
  tags?: string[];
  listId?: string;
  leadSource?: string;
  consent?: { status: 'opted_in' | 'opted_out'; method: string; source: string };
}

export interface ImportView {
  id: string;
  fileName: string;
  sizeBytes: number;
  encoding: string;
  delimiter: string;
  headers: string[];
  sampleRows: string[][];
  mapping: Record<string, string>;
  mappingFrom: { importId: string; fileName: string; at: string } | null;
  options: ImportOptions;
  status: 'draft' | ImportPass['state'];
  cancelRequested: boolean;
  dryRun: ImportPass;
  run: ImportPass;
  createdAt: string;
}

export const ENDED: ReadonlyArray<ImportPass['state']> = ['completed', 'cancelled', 'failed'];

/** Imports, newest first, page after page. */
export function useImportHistory() {
  const { api } = useSession();
  return useInfiniteQuery({ queryKey: ['imports', 'history'], ...cursorPages<ImportView>(api, 'imports', '/v1/imports') });
}

export function useImport(id: string) {
  const { api } = useSession();
  return useQuery({ queryKey: ['imports', id], queryFn: () => api<ImportView>('imports', `/v1/imports/${id}`) });
}

/**
 * Uploads a file with progress (XMLHttpRequest: fetch reports no upload progress); `dialect` re-reads
 * it with a chosen encoding or delimiter.
 */
export function uploadImport(
  session: Session,
  file: File,
  dialect: { encoding?: string; delimiter?: string },
  onProgress: (fraction: number) => void,
): Promise<ImportView> {
  const params = new URLSearchParams(Object.entries(dialect).filter(([, v]) => v) as Array<[string, string]>);
  const body = new FormData();
  body.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/imports/v1/imports${params.size ? `?${params}` : ''}`);
    xhr.setRequestHeader('Authorization', `Bearer ${session.token}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new Error('The upload was interrupted; check the connection and try again.'));
    xhr.onload = () => {
      let answer: Record<string, unknown> = {};
      try {
        answer = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON: the status says enough */
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(answer as unknown as ImportView);
      reject(ApiProblem.of(xhr.status, answer, xhr.statusText));
    };
    xhr.send(body);
  });
}

/** A pass's refused rows as the file had them, with row, column and reason: `<file>-errors.csv`. */
export function downloadRefusedRows(session: Session, view: Pick<ImportView, 'id' | 'fileName'>, pass: 'dryRun' | 'run'): Promise<void> {
  return downloadFile(session, 'imports', `/v1/imports/${view.id}/errors.csv${pass === 'dryRun' ? '?pass=dry-run' : ''}`, `${view.fileName.replace(/\.csv$/i, '')}-errors.csv`);
}

/** The import's mapping, its passes and its cancel: each answer is the import as it now is. */
export function useImportActions(id: string) {
  const { api } = useSession();
  const queries = useQueryClient();
  const settle = (view: ImportView) => {
    queries.setQueryData(['imports', id], view);
    void queries.invalidateQueries({ queryKey: ['imports', 'history'] });
  };
  const call = (path: string, method: string, body?: unknown) => api<ImportView>('imports', `/v1/imports/${id}${path}`, { method, body });
  return {
    map: useMutation({ mutationFn: (body: { columns: Record<string, string>; options: ImportOptions }) => call('/mapping', 'PUT', body), onSuccess: settle }),
    dryRun: useMutation({ mutationFn: () => call('/dry-run', 'POST'), onSuccess: settle }),
    run: useMutation({ mutationFn: () => call('/run', 'POST'), onSuccess: settle }),
    cancel: useMutation({ mutationFn: () => call('/cancel', 'POST'), onSuccess: settle }),
  };
}

/**
 * While a pass runs, the import as the server-sent progress stream tells it (read with fetch, which,
 * unlike EventSource, sends the token), written into the query cache.
 */
export function useImportProgress(id: string, live: boolean) {
  const { session } = useSession();
  const queries = useQueryClient();
  useEffect(() => {
    if (!live) return;
    const controller = new AbortController();
    void (async () => {
      const response = await fetch(`/api/imports/v1/imports/${id}/progress`, { headers: { Authorization: `Bearer ${session.token}` }, signal: controller.signal });
      if (!response.ok || !response.body) return;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffered = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += value;
        const events = buffered.split('\n\n');
        buffered = events.pop() ?? '';
        for (const event of events) {
          const data = event.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trimStart()).join('\n');
          if (data) queries.setQueryData(['imports', id], JSON.parse(data) as ImportView);
        }
      }
    })().catch(() => undefined);
    return () => {
      controller.abort();
      // The pass ended (or the screen closed): the history and the contacts it wrote are read again.
      void queries.invalidateQueries({ queryKey: ['imports', 'history'] });
      void queries.invalidateQueries({ queryKey: ['contacts'] });
      void queries.invalidateQueries({ queryKey: ['tenant', 'usage'] });
    };
  }, [id, live, session.token, queries]);
}
