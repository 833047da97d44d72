/** Which contacts the grid shows, as the API's search takes it (`sort` `field:order`, `custom` `key:value`). */
export interface ContactFilters {
  status: string;
  consent: string;
  tag: string;
  list: string;
  leadSource: string;
  country: string;
  custom: string;
  sort: string;
}

export const NO_FILTERS: ContactFilters = { status: '', consent: '', tag: '', list: '', leadSource: '', country: '', custom: '', sort: 'createdAt:desc' };

const FILTER_KEYS = ['status', 'consent', 'tag', 'list', 'leadSource', 'country'] as const;

/** The keyword and filters as the query string that search, count, export and bulk work all take. */
export function filterParams(q: string, filters: ContactFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (q.trim()) params.set('q', q.trim());
  for (const key of FILTER_KEYS) if (filters[key]) params.set(key, filters[key]);
  // A custom field chosen without a value yet filters nothing.
  if (/^[^:]+:.+/s.test(filters.custom)) params.set('custom', filters.custom);
  return params;
}

