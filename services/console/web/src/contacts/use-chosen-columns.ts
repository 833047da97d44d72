import { useCallback, useState } from 'react';
import { useSession } from '../api/client';
import { DEFAULT_COLUMNS } from './columns';

/** The grid's columns, remembered per user of each tenant on this browser. */
export function useChosenColumns(): [string[], (ids: string[]) => void] {
  const { session } = useSession();
  const key = `roster.columns.${session.tenantId}.${session.subject ?? session.role}`;
  const [chosen, setChosen] = useState<string[]>(() => {
    try {
      const stored = JSON.parse(localStorage.getItem(key) ?? 'null');
      return Array.isArray(stored) && stored.length ? stored : DEFAULT_COLUMNS;
    } catch {
      return DEFAULT_COLUMNS;
    }
  });
  const choose = useCallback((ids: string[]) => {
    localStorage.setItem(key, JSON.stringify(ids));
    setChosen(ids);
  }, [key]);
  return [chosen, choose];
}
