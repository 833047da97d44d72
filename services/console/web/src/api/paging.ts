import type { Api, Service } from './client';

export type Page<T> = { items: T[]; nextCursor: string | null };

/** An infinite query's paging over the API's cursors: `path` (with any query of its own), the cursor added. */
export function cursorPages<T>(api: Api, service: Service, path: string) {
  const joiner = path.includes('?') ? '&' : '?';
  return {
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }: { pageParam: string | undefined; signal: AbortSignal }) =>
      api<Page<T>>(service, pageParam ? `${path}${joiner}cursor=${encodeURIComponent(pageParam)}` : path, { signal }),
    getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor ?? undefined,
  };
}
