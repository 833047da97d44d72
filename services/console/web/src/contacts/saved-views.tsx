import { useId, useState } from 'react';
import { useStored } from '../shared/use-stored';
import type { ContactFilters } from './contact-query';

/** A named way of looking at contacts: keyword, filters and columns. */
export interface SavedView {
  name: string;
  q: string;
  filters: ContactFilters;
  columns: string[];
}

const isViewList = (stored: unknown): stored is SavedView[] =>
  Array.isArray(stored) && stored.every((v) => typeof v?.name === 'string' && typeof v.q === 'string' && typeof v.filters === 'object' && Array.isArray(v.columns));

/** Saved views of this user: pick one to apply it, save the current one under a name, delete one. */
export function SavedViews({ current, onApply }: { current: Omit<SavedView, 'name'>; onApply: (view: SavedView) => void }) {
  const id = useId();
  const [views, store] = useStored<SavedView[]>('views', [], isViewList);
  const [chosen, setChosen] = useState('');
  const [naming, setNaming] = useState<string | null>(null);
  const save = () => {
    const name = naming?.trim();
    if (!name) return;
    store([...views.filter((v) => v.name !== name), { name, ...current }].sort((a, b) => a.name.localeCompare(b.name)));
    setChosen(name);
    setNaming(null);
  };
  return (
    <span className="saved-views">
      <label htmlFor={`${id}-view`} className="visually-hidden">Saved view</label>
      <select id={`${id}-view`} value={chosen} onChange={(e) => {
        setChosen(e.target.value);
        const view = views.find((v) => v.name === e.target.value);
        if (view) onApply(view);
      }}>
        <option value="">Saved views…</option>
        {views.map((v) => <option key={v.name} value={v.name}>{v.name}</option>)}
      </select>
      {naming === null ? (
        <button type="button" className="secondary" onClick={() => setNaming(chosen)}>Save view</button>
      ) : (
        <span className="field-row">
          <label htmlFor={`${id}-name`} className="visually-hidden">View name</label>
          <input id={`${id}-name`} placeholder="View name" value={naming} maxLength={60} autoFocus onChange={(e) => setNaming(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && save()} />
          <button type="button" onClick={save} disabled={!naming.trim()}>Save</button>
          <button type="button" className="secondary" onClick={() => setNaming(null)}>Cancel</button>
        </span>
      )}
      {chosen && naming === null && (
        <button type="button" className="secondary" onClick={() => { store(views.filter((v) => v.name !== chosen)); setChosen(''); }}>Delete view</button>
      )}
    </span>
  );
}
