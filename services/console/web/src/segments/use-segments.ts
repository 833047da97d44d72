import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Api, useSession } from '../api/client';
import { cursorPages } from '../api/paging';
import { contactsByIds, useTenant } from '../contacts/use-contacts';
import { useDebounced } from '../shared/use-debounced';
import type { RuleNode } from './rule-model';

export interface Segment {
  id: string;
  name: string;
  description: string | null;
  listId: string | null;
  rule: RuleNode;
  /** catching-up: filled, but contact changes are still being applied (see freshness). */
  status: 'backfilling' | 'ready' | 'catching-up' | 'retiring';
  backfill: { processed: number; total: number; percent: number };
  freshness: { status: 'current' | 'catching-up'; behindSeconds: number; appliedThrough: string | null; pendingEvents: number };
  memberCount?: number;
}

export interface RuleField {
  field: string;
  type: string;
  values?: string[];
  /** Custom fields: the tenant's label. */
  label?: string;
}

export interface Preview {
  matching: number;
  messageable: number;
  sample: Array<{ id: string; firstName: string | null; lastName: string | null }>;
  conditions: Array<{ matching: number }>;
}

export function useSegments() {
  const { api } = useSession();
  return useQuery({
    queryKey: ['segments'],
    queryFn: async () => (await api<{ items: Segment[] }>('segmentation', '/v1/segments')).items,
    // A backfill's percent moves, and a segment catching up becomes ready: read again meanwhile.
    refetchInterval: (query) => (query.state.data?.some((s) => s.status !== 'ready') ? 1_000 : false),
  });
}

/** One segment, with its member count (the list has none). */
export const segmentRead = (api: Api, id: string | undefined) => ({ queryKey: ['segments', id], queryFn: () => api<Segment>('segmentation', `/v1/segments/${id}`) });

export function useSegment(id: string | undefined) {
  const { api } = useSession();
  return useQuery({
    ...segmentRead(api, id),
    enabled: !!id,
    refetchInterval: (query) => (query.state.data && query.state.data.status !== 'ready' ? 1_000 : false),
  });
}

/** What a rule may name: the service's fields and operators, and the tenant's custom fields as `custom.<key>`. */
export function useRuleFields() {
  const { api } = useSession();
  const tenant = useTenant();
  const fields = useQuery({
    queryKey: ['segments', 'fields'],
    staleTime: Infinity,
    queryFn: () => api<{ fields: RuleField[]; operators: Record<string, string[]>; timeUnits: string[] }>('segmentation', '/v1/segments/fields'),
  });
  if (!fields.data || !tenant.data) return undefined;
  const custom = tenant.data.customFields.map<RuleField>((f) => ({ field: `custom.${f.key}`, type: f.type, label: f.label, ...(f.options ? { values: f.options } : {}) }));
  return { ...fields.data, fields: [...fields.data.fields, ...custom] };
}

export function useTemplates() {
  const { api } = useSession();
  return useQuery({
    queryKey: ['segments', 'templates'],
    staleTime: Infinity,
    queryFn: async () => (await api<{ items: Array<{ key: string; name: string; description: string; rule: RuleNode }> }>('segmentation', '/v1/segments/templates')).items,
  });
}

/** Counts of a rule while it is edited, asked for once the edits settle; the last answer stays until the next. */
export function usePreview(rule: RuleNode | null, listId: string | null, settleMs = 400) {
  const { api } = useSession();
  // The rule object changes only with an edit (the builder memoizes it), so one settles per pause.
  const wanted = useMemo(() => (rule ? { rule, listId } : null), [rule, listId]);
  const settled = useDebounced(wanted, settleMs);
  return useQuery({
    queryKey: ['segments', 'preview', settled],
    enabled: settled !== null,
    retry: false,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => api<Preview>('segmentation', '/v1/segments/preview', { method: 'POST', body: { rule: settled!.rule, ...(settled!.listId ? { listId: settled!.listId } : {}) }, signal }),
  });
}

export function useSaveSegment(id: string | undefined) {
  const { api } = useSession();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; description?: string | null; listId?: string | null; rule: RuleNode }) =>
      api<Segment>('segmentation', id ? `/v1/segments/${id}` : '/v1/segments', { method: id ? 'PUT' : 'POST', body }),
    onSuccess: (saved) => {
      queries.setQueryData(['segments', saved.id], saved);
      void queries.invalidateQueries({ queryKey: ['segments'] });
    },
  });
}

export function useDeleteSegment() {
  const { api } = useSession();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<Segment>('segmentation', `/v1/segments/${id}`, { method: 'DELETE' }),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['segments'] }),
  });
}

/**
 * A segment's members a page at a time, with their names from the contacts service; read again
 * whenever its member count moves (a backfill filling it, members entering and leaving).
 */
export function useSegmentMembers(id: string, memberCount: number | undefined) {
  const { api } = useSession();
  const members = cursorPages<{ contactId: string }>(api, 'segmentation', `/v1/segments/${id}/members?limit=100`);
  return useInfiniteQuery({
    queryKey: ['segments', id, 'members', memberCount],
    ...members,
    queryFn: async (context) => {
      const page = await members.queryFn(context);
      const items = page.items.length ? await contactsByIds(api, page.items.map((m) => m.contactId), ['firstName', 'lastName', 'phone']) : [];
      return { items, nextCursor: page.nextCursor };
    },
  });
}
