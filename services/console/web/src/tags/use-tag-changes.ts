import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSession } from '../api/client';

/** Renaming (into an existing tag: merging) or deleting a tag changes every contact carrying it. */
function useTagChange<T>(run: (input: T) => { path: string; method: string; body?: unknown }) {
  const { api } = useSession();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (input: T) => {
      const { path, method, body } = run(input);
      return api<{ matched: number; changed: number }>('contacts', path, { method, body });
    },
    onSuccess: () => Promise.all([queries.invalidateQueries({ queryKey: ['tags'] }), queries.invalidateQueries({ queryKey: ['contacts'] })]),
  });
}

export const useRenameTag = () =>
  useTagChange<{ tag: string; label: string }>(({ tag, label }) => ({ path: `/v1/tags/${encodeURIComponent(tag)}`, method: 'PATCH', body: { label } }));

export const useDeleteTag = () => useTagChange<string>((tag) => ({ path: `/v1/tags/${encodeURIComponent(tag)}`, method: 'DELETE' }));
