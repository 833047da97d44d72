import { useCallback, useState } from 'react';
import { useSession } from '../api/client';

/**
 * A value kept in this browser per user of each tenant (chosen columns, saved views): a
 * preference, so losing it loses nothing of the tenant's data.
 */
export function useStored<T>(name: string, fallback: T, valid: (stored: unknown) => stored is T): [T, (next: T) => void] {
  const { session } = useSession();
  const key = `roster.${name}.${session.tenantId}.${session.subject ?? session.role}`;
  const [value, setValue] = useState<T>(() => {
    try {
      const stored: unknown = JSON.parse(localStorage.getItem(key) ?? 'null');
      return valid(stored) ? stored : fallback;
    } catch {
      return fallback;
    }
  });
  const store = useCallback((next: T) => {
    localStorage.setItem(key, JSON.stringify(next));
    setValue(next);
  }, [key]);
  return [value, store];
}
