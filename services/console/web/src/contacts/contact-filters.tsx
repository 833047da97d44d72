import { useId } from 'react';
import { useLists } from '../lists/use-lists';
import { Tenant, useTags } from './use-contacts';

/** Which contacts the grid shows, as the API's search takes it (`sort` `field:order`). */
export interface ContactFilters {
  status: string;
  consent: string;
  tag: string;
  list: string;
  leadSource: string;
  sort: string;
}

export const NO_FILTERS: ContactFilters = { status: '', consent: '', tag: '', list: '', leadSource: '', sort: 'createdAt:desc' };

const STATUSES = ['active', 'inactive', 'invalid', 'blocked'];
const CONSENT = [['opted_in', 'opted in'], ['opted_out', 'opted out'], ['unknown', 'unknown']];
const SORTS = [['createdAt:desc', 'Newest first'], ['createdAt:asc', 'Oldest first'], ['updatedAt:desc', 'Recently changed']];

/** Filters by status, consent, tag, list and lead source, and the order of the grid. */
export function ContactFilterBar({ tenant, filters, onChange }: { tenant: Tenant | undefined; filters: ContactFilters; onChange: (next: ContactFilters) => void }) {
  const id = useId();
  const lists = useLists();
  const tags = useTags();
  const select = (key: keyof ContactFilters, label: string, options: Array<[string, string]>, any = 'any') => (
    <span className="filter">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <select id={`${id}-${key}`} value={filters[key]} onChange={(e) => onChange({ ...filters, [key]: e.target.value })}>
        {any && <option value="">{any}</option>}
        {options.map(([value, text]) => <option key={value} value={value}>{text}</option>)}
      </select>
    </span>
  );
  return (
    <div className="filters" role="group" aria-label="Filters">
      {select('status', 'Status', STATUSES.map((s) => [s, s]))}
      {select('consent', 'WhatsApp consent', CONSENT as Array<[string, string]>)}
      {select('tag', 'Tag', (tags.data ?? []).map((t) => [t.label, `${t.label} (${t.contacts})`]))}
      {select('list', 'List', (lists.data ?? []).map((l) => [l.id, l.name]))}
      {select('leadSource', 'Lead source', (tenant?.leadSources ?? []).map((s) => [s, s]))}
      {select('sort', 'Order', SORTS as Array<[string, string]>, '')}
    </div>
  );
}
