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


/** The keyword, filters and order as one search query string (what a saved view keeps). */
export function searchQuery(q: string, filters: ContactFilters): string {
  const params = filterParams(q, filters);
  const [sort, order] = filters.sort.split(':');
  params.set('sort', sort);
  params.set('order', order);
  return params.toString();
}

/** Back from a search query string to the keyword and the filters; anything else in it is ignored. */
export function fromSearchQuery(query: string): { q: string; filters: ContactFilters } {
  const params = new URLSearchParams(query);
  const filters = { ...NO_FILTERS };
  for (const key of FILTER_KEYS) filters[key] = params.get(key) ?? '';
  filters.custom = params.get('custom') ?? '';
  if (params.get('sort')) filters.sort = `${params.get('sort')}:${params.get('order') ?? 'desc'}`;
  return { q: params.get('q') ?? '', filters };
}
