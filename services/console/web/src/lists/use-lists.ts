import { useQuery } from '@tanstack/react-query';
import { Api, useSession } from '../api/client';
import { useChange } from '../shared/use-change';

export interface ContactListRow {
  id: string;
  name: string;
  description: string | null;
  contacts?: number;
  createdAt: string;
}

/** Every list of the tenant, page after page (tenants keep tens of lists, not thousands). */
async function allLists(api: Api): Promise<ContactListRow[]> {
  const lists: ContactListRow[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: ContactListRow[]; nextCursor: string | null } = await api('contacts', `/v1/lists?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    lists.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return lists;
}

export function useLists() {
  const { api } = useSession();
  return useQuery({ queryKey: ['lists'], queryFn: () => allLists(api) });
}

/** A change to lists also changes which contacts are in them: both are read again. */
const useListMutation = <T,>(run: (api: Api, input: T) => Promise<unknown>) => useChange(run, [['lists'], ['contacts']]);

export const useCreateList = () => useListMutation<{ name: string; description: string | null }>((api, body) => api('contacts', '/v1/lists', { method: 'POST', body }));

export const useUpdateList = () =>
  useListMutation<{ id: string; name: string; description: string | null }>((api, { id, ...body }) => api('contacts', `/v1/lists/${id}`, { method: 'PATCH', body }));

export const useDeleteList = () =>
  useListMutation<{ id: string; moveTo: string | null }>((api, { id, moveTo }) => api('contacts', `/v1/lists/${id}${moveTo ? `?moveTo=${moveTo}` : ''}`, { method: 'DELETE' }));
