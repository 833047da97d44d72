import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useSession } from '../api/client';
import { ProblemAlert } from '../shared/problem-alert';

/** A named way of looking at contacts, kept by the contacts service: the search as a query string, and the columns. */
export interface SavedView {
  id: string;
  name: string;
  query: string;
  columns: string[];
  shared: boolean;
  mine: boolean;
}

function useSavedViews() {
  const { api } = useSession();
  const queries = useQueryClient();
  const views = useQuery({ queryKey: ['views'], queryFn: async () => (await api<{ items: SavedView[] }>('contacts', '/v1/views')).items });
  const refresh = () => queries.invalidateQueries({ queryKey: ['views'] });
  const save = useMutation({
    mutationFn: (body: { name: string; query: string; columns: string[]; shared: boolean }) => api<SavedView>('contacts', '/v1/views', { method: 'PUT', body }),
    onSuccess: refresh,
  });
  const remove = useMutation({ mutationFn: (id: string) => api<void>('contacts', `/v1/views/${id}`, { method: 'DELETE' }), onSuccess: refresh });
  return { views, save, remove };
}

/** Saved views: pick one to apply it, save the current search and columns under a name (shared with the team or not), delete one's own. */
export function SavedViews({ current, onApply }: { current: { query: string; columns: string[] }; onApply: (view: SavedView) => void }) {
  const id = useId();
  const { views, save, remove } = useSavedViews();
  const [chosen, setChosen] = useState('');
  const [naming, setNaming] = useState<string | null>(null);
  const [shared, setShared] = useState(false);
  const list = views.data ?? [];
  const chosenView = list.find((v) => v.id === chosen);
  const store = () => {
    const name = naming?.trim();
    if (!name) return;
    save.mutate({ name, ...current, shared }, { onSuccess: (saved) => { setChosen(saved.id); setNaming(null); } });
  };
  return (
    <span className="saved-views">
      <label htmlFor={`${id}-view`} className="visually-hidden">Saved view</label>
      <select id={`${id}-view`} value={chosen} onChange={(e) => {
        setChosen(e.target.value);
        const view = list.find((v) => v.id === e.target.value);
        if (view) onApply(view);
      }}>
        <option value="">Saved views…</option>
        {list.map((v) => <option key={v.id} value={v.id}>{v.mine ? v.name : `${v.name} (shared)`}</option>)}
      </select>
      {naming === null ? (
        <button type="button" className="secondary" onClick={() => { setNaming(chosenView?.mine ? chosenView.name : ''); setShared(chosenView?.shared ?? false); }}>Save view</button>
      ) : (
        <span className="field-row">
          <label htmlFor={`${id}-name`} className="visually-hidden">View name</label>
          <input id={`${id}-name`} placeholder="View name" value={naming} maxLength={60} autoFocus onChange={(e) => setNaming(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && store()} />
          <label className="check"><input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} /> Share with the team</label>
          <button type="button" onClick={store} disabled={!naming.trim() || save.isPending}>Save</button>
          <button type="button" className="secondary" onClick={() => setNaming(null)}>Cancel</button>
        </span>
      )}
      {chosenView?.mine && naming === null && (
        <button type="button" className="secondary" disabled={remove.isPending} onClick={() => remove.mutate(chosenView.id, { onSuccess: () => setChosen('') })}>Delete view</button>
      )}
      <ProblemAlert error={views.error ?? save.error ?? remove.error} />
    </span>
  );
}
