import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSession } from '../api/client';

export interface ContactRow {
  id: string;
  phone?: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  company?: string | null;
  language?: string | null;
  leadSource?: string | null;
  tags?: string[];
  lists?: string[];
  status?: string;
  location?: { country: string | null; city: string | null };
  consent?: { whatsapp: { status: string }; history?: Array<{ status: string; method: string | null; source: string | null; at: string | null; proof?: string | null }> };
  customFields?: Record<string, unknown>;
  notes?: string | null;
  createdAt?: string;
  updatedAt?: string;
}

export interface Tenant {
  tenantId: string;
  planLimit: number;
  defaultCountry: string | null;
  requiredFields: string[];
  customFields: Array<{ key: string; label: string; type: string; options?: string[] }>;
  leadSources: string[];
}

const PAGE = 100;

/** One page after another of the API's cursor paging, for the grid's infinite scroll. */
export function useContactSearch(q: string, fields: readonly string[]) {
  const { api } = useSession();
  return useInfiniteQuery({
    queryKey: ['contacts', 'search', q, fields],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => {
      // The id always comes back; `fields` names the columns.
      const params = new URLSearchParams({ limit: String(PAGE), fields: fields.join(',') });
      if (q.trim()) params.set('q', q.trim());
      if (pageParam) params.set('cursor', pageParam);
      return api<{ items: ContactRow[]; nextCursor: string | null }>('contacts', `/v1/contacts?${params}`, { signal });
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
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

export function useCreateContact() {
  const { api } = useSession();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api<ContactRow>('contacts', '/v1/contacts', { method: 'POST', body }),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: ['contacts'] });
      void queries.invalidateQueries({ queryKey: ['tenant', 'usage'] });
    },
  });
}
