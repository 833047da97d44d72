import { useChange } from '../shared/use-change';

/** Renaming (into an existing tag: merging) or deleting a tag changes every contact carrying it. */
const useTagChange = <T,>(request: (input: T) => { path: string; method: string; body?: unknown }) =>
  useChange((api, input: T) => {
    const { path, method, body } = request(input);
    return api<{ matched: number; changed: number }>('contacts', path, { method, body });
  }, [['tags'], ['contacts']]);

export const useRenameTag = () =>
  useTagChange<{ tag: string; label: string }>(({ tag, label }) => ({ path: `/v1/tags/${encodeURIComponent(tag)}`, method: 'PATCH', body: { label } }));

export const useDeleteTag = () => useTagChange<string>((tag) => ({ path: `/v1/tags/${encodeURIComponent(tag)}`, method: 'DELETE' }));
