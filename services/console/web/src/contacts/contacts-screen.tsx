import { useEffect, useId, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { downloadFile, useSession } from '../api/client';
import { canWrite } from '../session/session';
import { contactCount, number } from '../shared/format';
import { ProblemAlert } from '../shared/problem-alert';
import { navigate, useLocation } from '../shared/router';
import { useDebounced } from '../shared/use-debounced';
import { ContactForm } from './contact-form';
import { BulkBar } from './bulk-bar';
import { ColumnChooser } from './column-chooser';
import { ContactFilterBar } from './contact-filters';
import { ContactFilters, NO_FILTERS, filterParams, fromSearchQuery, searchQuery } from './contact-query';
import { allColumns, fieldsFor } from './columns';
import { ContactsGrid } from './contacts-grid';
import { HealthBar } from './health-bar';
import { SavedViews } from './saved-views';
import type { Selection } from './use-bulk';
import { useChosenColumns } from './use-chosen-columns';
import { useContactSearch, useMatchingCount, useTenant } from './use-contacts';

/** Typing settles for this long before the search goes out. */
const SEARCH_DEBOUNCE_MS = 150;

/** "250 contacts", or "100 of 250 contacts" while the rest is still to scroll to. */
function countText(loaded: number, more: boolean, total: number | undefined): string {
  if (total === undefined) return more ? `${number(loaded)}+ contacts` : contactCount(loaded);
  return more && loaded < total ? `${number(loaded)} of ${contactCount(total)}` : contactCount(total);
}

export function ContactsScreen() {
  const { session } = useSession();
  const id = useId();
  const queries = useQueryClient();
  const tenant = useTenant();
  const [typed, setTyped] = useState('');
  // A list's or tag's link opens the grid filtered to it (`/contacts?list=<id>`, `?tag=<label>`).
  const { query } = useLocation();
  const [chosenFilters, setFilters] = useState<ContactFilters>(() => ({ ...NO_FILTERS, list: query.get('list') ?? '', tag: query.get('tag') ?? '' }));
  const q = useDebounced(typed, SEARCH_DEBOUNCE_MS);
  const filters = useDebounced(chosenFilters, SEARCH_DEBOUNCE_MS);
  const [chosen, choose] = useChosenColumns();
  const [adding, setAdding] = useState(false);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const catalogue = useMemo(() => allColumns(tenant.data), [tenant.data]);
  const columns = useMemo(() => catalogue.filter((c) => chosen.includes(c.id)), [catalogue, chosen]);
  const search = useContactSearch(q, fieldsFor(columns), filters);
  const matching = useMatchingCount(q, filters);
  const rows = useMemo(() => search.data?.pages.flatMap((p) => p.items) ?? [], [search.data]);
  useEffect(() => setSelection(null), [q, filters]);

  const writer = canWrite(session);
  const chosenIds = selection?.kind === 'rows' ? new Set(selection.ids) : new Set<string>();
  const pick = (ids: string[]) => setSelection(ids.length ? { kind: 'rows', ids } : null);
  const choice = writer ? {
    all: selection?.kind === 'matching',
    chosen: (rowId: string) => chosenIds.has(rowId),
    toggle: (rowId: string, on: boolean) => pick(on ? [...chosenIds, rowId] : [...chosenIds].filter((c) => c !== rowId)),
    toggleLoaded: (on: boolean) => pick(on ? rows.map((r) => r.id) : []),
  } : undefined;
  const exportCsv = () => {
    setExportError(null);
    downloadFile(session, 'contacts', `/v1/contacts/export?${filterParams(q, filters)}`, 'contacts.csv').catch(setExportError);
  };

  return (
    <section className="contacts" aria-labelledby={`${id}-title`}>
      <div className="screen-head">
        <h1 id={`${id}-title`}>Contacts</h1>
        <HealthBar />
        {writer && tenant.data && <button type="button" onClick={() => setAdding(true)}>+ Add Contact</button>}
      </div>
      {adding && tenant.data && <ContactForm tenant={tenant.data} onDone={() => setAdding(false)} onSaved={(created) => navigate(`/contacts/${created.id}`)} />}
      <div className="toolbar">
        <label htmlFor={`${id}-search`} className="visually-hidden">Search contacts</label>
        <input id={`${id}-search`} type="search" placeholder="Search by name, phone, email or company" value={typed} onChange={(e) => setTyped(e.target.value)} />
        <ColumnChooser columns={catalogue} chosen={chosen} onChange={choose} />
        <SavedViews current={{ query: searchQuery(typed, chosenFilters), columns: chosen }} onApply={(view) => {
          const { q: keyword, filters: saved } = fromSearchQuery(view.query);
          setTyped(keyword);
          setFilters(saved);
          if (view.columns.length) choose(view.columns);
        }} />
        <button type="button" className="secondary" onClick={exportCsv}>Export CSV</button>
        <button type="button" className="secondary" onClick={() => void queries.invalidateQueries({ queryKey: ['contacts'] }).then(() => queries.invalidateQueries({ queryKey: ['tenant', 'usage'] }))}>
          Refresh
        </button>
        <span className="status" role="status" aria-live="polite">
          {search.isFetching && !search.isFetchingNextPage ? 'Searching…' : countText(rows.length, !!search.hasNextPage, matching.data)}
        </span>
      </div>
      <ProblemAlert error={exportError} />
      <ContactFilterBar tenant={tenant.data} filters={chosenFilters} onChange={setFilters} />
      {selection && (
        <BulkBar selection={selection} matching={matching.data} q={q} filters={filters}
          onSelectMatching={() => matching.data !== undefined && setSelection({ kind: 'matching', count: matching.data })} onClear={() => setSelection(null)} />
      )}
      <ProblemAlert error={search.error} />
      <ContactsGrid rows={rows} columns={columns} hasMore={!!search.hasNextPage} busy={search.isFetchingNextPage} loadMore={() => void search.fetchNextPage()} choice={choice} />
    </section>
  );
}
