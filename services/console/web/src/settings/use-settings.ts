import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Service, useSession } from '../api/client';
import type { Tenant } from '../contacts/use-contacts';

/** One settings document of one service: read, and saved whole or in part (the answer replaces what was read). */
function useSettingsDocument<T>(service: Service, path: string, method: 'PATCH' | 'PUT', queryKey: string[]) {
  const { api } = useSession();
  const queries = useQueryClient();
  const read = useQuery({ queryKey, queryFn: () => api<T>(service, path) });
  const save = useMutation({
    mutationFn: (body: Partial<T>) => api<T>(service, path, { method, body }),
    onSuccess: (saved) => {
      queries.setQueryData(queryKey, saved);
      // Tenant settings shape the grid (custom field columns, filters) and the forms.
      if (queryKey[0] === 'tenant') void queries.invalidateQueries({ queryKey: ['contacts'] });
    },
  });
  return { read, save };
}

export interface Lifecycle {
  activeWithinDays: number;
  atRiskWithinDays: number;
}

export interface DedupeSettings {
  threshold: number;
  undoWindowDays: number;
}

export const useTenantSettings = () => useSettingsDocument<Tenant>('contacts', '/v1/tenant', 'PATCH', ['tenant']);
export const useLifecycleSettings = () => useSettingsDocument<Lifecycle>('segmentation', '/v1/segment-settings/lifecycle', 'PUT', ['settings', 'lifecycle']);
export const useDedupeSettings = () => useSettingsDocument<DedupeSettings>('dedupe', '/v1/dedupe/settings', 'PUT', ['settings', 'dedupe']);
