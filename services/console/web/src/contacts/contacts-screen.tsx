import { useEffect, useId, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useSession } from '../api/client';
import { canWrite } from '../session/session';
import { AddContactForm } from './add-contact-form';
import { ColumnChooser } from './column-chooser';
import { ContactFilterBar, ContactFilters, NO_FILTERS } from './contact-filters';
import { allColumns, fieldsFor } from './columns';
import { ContactsGrid } from './contacts-grid';
import { HealthBar } from './health-bar';
import { useChosenColumns } from './use-chosen-columns';
import { useContactSearch, useTenant } from './use-contacts';
import { useLocation } from '../shared/router';
import { ProblemAlert } from '../shared/problem-alert';

/** Typing settles for this long before the search goes out. */
const SEARCH_DEBOUNCE_MS = 150;

function useDebounced(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function ContactsScreen() {
  const { session } = useSession();
  const id = useId();
  const queries = useQueryClient();
  const tenant = useTenant();
  const [typed, setTyped] = useState('');
  const q = useDebounced(typed, SEARCH_DEBOUNCE_MS);
  const [chosen, choose] = useChosenColumns();
  const [adding, setAdding] = useState(false);
  // A list's link opens the grid filtered to it (`/contacts?list=<id>`).
  const { query } = useLocation();
  const [filters, setFilters] = useState<ContactFilters>(() => ({ ...NO_FILTERS, list: query.get('list') ?? '' }));
  const catalogue = useMemo(() => allColumns(tenant.data), [tenant.data]);
  const columns = useMemo(() => catalogue.filter((c) => chosen.includes(c.id)), [catalogue, chosen]);
  const search = useContactSearch(q, fieldsFor(columns), filters);
  const rows = useMemo(() => search.data?.pages.flatMap((p) => p.items) ?? [], [search.data]);

  return (
    <section className="contacts" aria-labelledby={`${id}-title`}>
      <div className="screen-head">
        <h1 id={`${id}-title`}>Contacts</h1>
        <HealthBar />
        {canWrite(session) && tenant.data && <button type="button" onClick={() => setAdding(true)}>+ Add Contact</button>}
      </div>
      {adding && tenant.data && <AddContactForm tenant={tenant.data} onDone={() => setAdding(false)} />}
      <div className="toolbar">
        <label htmlFor={`${id}-search`} className="visually-hidden">Search contacts</label>
        <input id={`${id}-search`} type="search" placeholder="Search by name, phone, email or company" value={typed} onChange={(e) => setTyped(e.target.value)} />
        <ColumnChooser columns={catalogue} chosen={chosen} onChange={choose} />
        <button type="button" className="secondary" onClick={() => void queries.invalidateQueries({ queryKey: ['contacts', 'search'] }).then(() => queries.invalidateQueries({ queryKey: ['tenant', 'usage'] }))}>
          Refresh
        </button>
        <span className="status" role="status" aria-live="polite">
          {search.isFetching ? 'Searching…' : `${rows.length}${search.hasNextPage ? '+' : ''} contacts`}
        </span>
      </div>
      <ContactFilterBar tenant={tenant.data} filters={filters} onChange={setFilters} />
      <ProblemAlert error={search.error} />
      <ContactsGrid rows={rows} columns={columns} hasMore={!!search.hasNextPage} busy={search.isFetchingNextPage} loadMore={() => void search.fetchNextPage()} />
    </section>
  );
}
