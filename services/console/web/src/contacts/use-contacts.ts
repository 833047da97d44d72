import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
// The contract's own file: the package index also holds server-side code.
import type { ContactSnapshot } from '@roster/contracts/events/contact-snapshot';
import type { CustomFieldType } from '@roster/contracts/tenant-settings';
import { Api, useSession } from '../api/client';
import { ContactFilters, filterParams } from './contact-query';

/**
 * A contact as the API shows it: the snapshot's fields (those the grid asked for), with consent
 * history and notes, which viewers do not get.
 */
export type ContactRow = Pick<ContactSnapshot, 'id'> &
  Partial<Omit<ContactSnapshot, 'id' | 'tenantId' | 'consent'>> & {
    consent?: ContactSnapshot['consent'] & { history?: Array<{ status: string; method: string | null; source: string | null; at: string | null; proof?: string | null }> };
    notes?: string | null;
  };

export interface Tenant {
  tenantId: string;
  planLimit: number;
  defaultCountry: string | null;
  requiredFields: string[];
  customFields: Array<{ key: string; label: string; type: CustomFieldType; options?: string[] }>;
  leadSources: string[];
  importConsentRequired: boolean;
}

const PAGE = 100;

/** These contacts (the API takes up to 500 ids), with only `fields` when named. */
export async function contactsByIds(api: Api, ids: readonly string[], fields?: readonly string[]): Promise<ContactRow[]> {
  const only = fields ? `&fields=${fields.join(',')}` : '';
  return (await api<{ items: ContactRow[] }>('contacts', `/v1/contacts?ids=${ids.join(',')}&limit=${ids.length}${only}`)).items;
}

/** One page after another of the API's cursor paging, for the grid's infinite scroll. */
export function useContactSearch(q: string, fields: readonly string[], filters: ContactFilters) {
  const { api } = useSession();
  return useInfiniteQuery({
    queryKey: ['contacts', 'search', q, fields, filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => {
      // The id always comes back; `fields` names the columns.
      const params = filterParams(q, filters);
      const [sort, order] = filters.sort.split(':');
      params.set('sort', sort);
      params.set('order', order);
      params.set('limit', String(PAGE));
      params.set('fields', fields.join(','));
      if (pageParam) params.set('cursor', pageParam);
      return api<{ items: ContactRow[]; nextCursor: string | null }>('contacts', `/v1/contacts?${params}`, { signal });
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** How many contacts the keyword and filters match: what "all matching" means. */
export function useMatchingCount(q: string, filters: ContactFilters) {
  const { api } = useSession();
  return useQuery({
    queryKey: ['contacts', 'count', q, filters],
    queryFn: async ({ signal }) => (await api<{ count: number }>('contacts', `/v1/contacts/count?${filterParams(q, filters)}`, { signal })).count,
    placeholderData: keepPreviousData,
  });
}

/** The tag catalogue with counts: a read of every contact, so screens ask for it when it is used. */
export function useTags(enabled = true) {
  const { api } = useSession();
  return useQuery({ queryKey: ['tags'], enabled, staleTime: 60_000, queryFn: async () => (await api<{ items: Array<{ key: string; label: string; contacts: number }> }>('contacts', '/v1/tags')).items });
}

export function useTenant() {
  const { api } = useSession();
  return useQuery({ queryKey: ['tenant'], queryFn: () => api<Tenant>('contacts', '/v1/tenant') });
}

export function usePlanUsage() {
  const { api } = useSession();
  return useQuery({ queryKey: ['tenant', 'usage'], queryFn: () => api<{ contacts: number; limit: number }>('contacts', '/v1/tenant/usage') });
}

export function useContact(id: string) {
  const { api } = useSession();
  return useQuery({ queryKey: ['contacts', id], queryFn: () => api<ContactRow>('contacts', `/v1/contacts/${id}`) });
}

/** Creates a contact, or changes one when its id is given; whatever shows contacts is read again. */
export function useSaveContact(id?: string) {
  const { api } = useSession();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api<ContactRow>('contacts', id ? `/v1/contacts/${id}` : '/v1/contacts', { method: id ? 'PATCH' : 'POST', body }),
    onSuccess: () => {
      for (const key of [['contacts'], ['tags'], ['tenant', 'usage']]) void queries.invalidateQueries({ queryKey: key });
    },
  });
}
