import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSession } from '../../api/client';
import { cursorPages } from '../../api/paging';

export interface Activity {
  id: string;
  kind: string;
  occurredAt: string;
  amount?: number;
  currency?: string;
  name?: string;
  campaignId?: string;
}

export interface Message {
  messageId: string;
  direction: 'outbound' | 'inbound';
  campaignId: string | null;
  status: string | null;
  at: string;
  failure: { code: number; title: string } | null;
  text: string | null;
}

export interface CampaignHistory {
  campaignId: string;
  lastAt: string;
  sent: number;
  delivered: number;
  read: number;
  replied: number;
  failed: number;
}

export interface DuplicateGroup {
  score: number;
  members: Array<{ id: string; firstName: string | null; lastName: string | null; phone: string; email: string | null }>;
  pairs: Array<{ a: string; b: string; score: number; features: Array<{ feature: string; field: string; detail: string; score: number }> }>;
}

/** The contact's activities (purchases, campaign receipts, custom events) and its messages, each paged newest first. */
export function useTimelineSources(id: string) {
  const { api } = useSession();
  const activities = useInfiniteQuery({ queryKey: ['contacts', id, 'activities'], ...cursorPages<Activity>(api, 'contacts', `/v1/contacts/${id}/activities?limit=50`) });
  const conversations = useInfiniteQuery({
    queryKey: ['contacts', id, 'conversations'],
    ...cursorPages<{ conversationId: string; messages: Message[] }>(api, 'contacts', `/v1/contacts/${id}/conversations?limit=50`),
  });
  return { activities, conversations };
}

export function useCampaignHistory(id: string) {
  const { api } = useSession();
  return useQuery({ queryKey: ['contacts', id, 'campaigns'], queryFn: async () => (await api<{ items: CampaignHistory[] }>('contacts', `/v1/contacts/${id}/campaigns`)).items });
}

/** The segments the contact is in, from segmentation (which learns of a new contact within moments). */
export function useContactSegments(id: string) {
  const { api } = useSession();
  return useQuery({
    queryKey: ['contacts', id, 'segments'],
    queryFn: async () => (await api<{ items: Array<{ segmentId: string; name: string | null; since: string }> }>('segmentation', `/v1/contacts/${id}/segments`)).items,
  });
}

export function useSuspectedDuplicates(id: string, enabled: boolean) {
  const { api } = useSession();
  return useQuery({
    queryKey: ['contacts', id, 'duplicates'],
    enabled,
    queryFn: async () => (await api<{ items: DuplicateGroup[] }>('dedupe', `/v1/dedupe/groups?contactId=${id}`)).items,
  });
}

/** Deletes the contact, or erases every trace of its personal data (`erase`). */
export function useDeleteContact(id: string) {
  const { api } = useSession();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (erase: boolean) => api<void>('contacts', `/v1/contacts/${id}${erase ? '?erase=true' : ''}`, { method: 'DELETE' }),
    onSuccess: () => {
      // The contact itself is gone: forgotten, not read again.
      queries.removeQueries({ queryKey: ['contacts', id] });
      void queries.invalidateQueries({ predicate: (q) => ['contacts', 'tags', 'lists', 'tenant'].includes(String(q.queryKey[0])) && q.queryKey[1] !== id });
    },
  });
}
