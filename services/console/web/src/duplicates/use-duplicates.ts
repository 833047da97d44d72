import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Api, useSession } from '../api/client';
import { useChange } from '../shared/use-change';
import { contactsByIds, type ContactRow } from '../contacts/use-contacts';

export interface CandidateGroup {
  score: number;
  members: Array<{ id: string; version: number; firstName: string | null; lastName: string | null; phone: string; email: string | null; company: string | null }>;
  pairs: Array<{ a: string; b: string; score: number; features: Array<{ feature: string; field: string; detail: string; score: number }> }>;
}

export interface MergePlan {
  survivorId: string;
  mergedIds: string[];
  result: ContactRow & { customFields?: Record<string, unknown> };
  /** field → the contact whose value it takes */
  sources: Record<string, string>;
}

export interface MergeDecision {
  id: string;
  state: 'decided' | 'applied' | 'undo-requested' | 'undone';
  survivorId: string;
  mergedIds: string[];
  decidedBy: string;
  decidedAt: string;
  appliedAt: string | null;
  undoneAt: string | null;
}

export interface Scan {
  id: string;
  state: 'running' | 'completed' | 'incomplete' | 'failed';
  phase: string;
  percent: number;
  pairsFound: number;
  detail: string | null;
  read: number;
  expected: number | null;
}

export const REASONS = ['phone-variant', 'email', 'name', 'birth-date', 'company', 'location', 'match-field'] as const;

export function useCandidateGroups(reason: string) {
  const { api } = useSession();
  return useQuery({
    queryKey: ['duplicates', 'groups', reason],
    queryFn: async () => (await api<{ items: CandidateGroup[] }>('dedupe', `/v1/dedupe/groups${reason ? `?reason=${reason}` : ''}`)).items,
  });
}

/** The group's contacts as the contacts service holds them now, every field a merge decides. */
export function useGroupContacts(ids: string[]) {
  const { api } = useSession();
  return useQuery({
    queryKey: ['contacts', 'by-ids', ids],
    queryFn: () => contactsByIds(api, ids),
  });
}

export function useMergePlan(contactIds: string[], survivorId: string | null, fieldChoices: Record<string, string>) {
  const { api } = useSession();
  return useQuery({
    queryKey: ['duplicates', 'plan', contactIds, survivorId, fieldChoices],
    queryFn: () => api<MergePlan>('dedupe', '/v1/dedupe/merges/preview', { method: 'POST', body: { contactIds, ...(survivorId ? { survivorId } : {}), fieldChoices } }),
    placeholderData: (previous) => previous,
  });
}

const useDuplicateChange = <T, R>(run: (api: Api, input: T) => Promise<R>) => useChange(run, [['duplicates'], ['contacts']]);

/** Merges, then waits until the contacts service has applied it (the decision is taken at once, the merge follows). */
export function useMerge() {
  return useDuplicateChange(async (api, body: { contactIds: string[]; survivorId: string; fieldChoices: Record<string, string>; expectedVersions: Record<string, number> }) => {
    let decision = await api<MergeDecision>('dedupe', '/v1/dedupe/merges', { method: 'POST', body });
    for (let i = 0; i < 60 && decision.state === 'decided'; i++) {
      await new Promise((r) => setTimeout(r, 250));
      decision = await api<MergeDecision>('dedupe', `/v1/dedupe/merges/${decision.id}`);
    }
    return decision;
  });
}

export function useDismiss() {
  return useDuplicateChange((api, contactIds: string[]) => api('dedupe', '/v1/dedupe/dismissals', { method: 'POST', body: { contactIds } }));
}

export function useMergeHistory() {
  const { api } = useSession();
  return useQuery({
    queryKey: ['duplicates', 'history'],
    queryFn: async () => (await api<{ items: MergeDecision[] }>('dedupe', '/v1/dedupe/merges')).items,
    refetchInterval: (query) => (query.state.data?.some((d) => d.state === 'decided' || d.state === 'undo-requested') ? 1_000 : false),
  });
}

export function useUndoMerge() {
  return useDuplicateChange((api, id: string) => api<MergeDecision>('dedupe', `/v1/dedupe/merges/${id}/undo`, { method: 'POST' }));
}

/** A full scan of the tenant: started, then followed until it ends. */
export function useScan(scanId: string | null) {
  const { api } = useSession();
  const queries = useQueryClient();
  const start = useMutation({
    mutationFn: () => api<Scan>('dedupe', '/v1/dedupe/scans', { method: 'POST' }),
    onSuccess: (scan) => queries.setQueryData(['duplicates', 'scan', scan.id], scan),
  });
  const scan = useQuery({
    queryKey: ['duplicates', 'scan', scanId],
    enabled: !!scanId,
    queryFn: () => api<Scan>('dedupe', `/v1/dedupe/scans/${scanId}`),
    refetchInterval: (query) => (query.state.data?.state === 'running' ? 1_000 : false),
  });
  return { start, scan };
}
