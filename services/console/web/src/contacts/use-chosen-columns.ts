import { useStored } from '../shared/use-stored';
import { DEFAULT_COLUMNS } from './columns';

const isColumnList = (stored: unknown): stored is string[] => Array.isArray(stored) && stored.length > 0 && stored.every((c) => typeof c === 'string');

/** The grid's columns, remembered per user of each tenant on this browser. */
export function useChosenColumns(): [string[], (ids: string[]) => void] {
  return useStored('columns', DEFAULT_COLUMNS, isColumnList);
}
