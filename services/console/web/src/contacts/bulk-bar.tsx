import { useId, useState } from 'react';
import { useSession } from '../api/client';
import { useLists } from '../lists/use-lists';
import { contactCount as contacts, number } from '../shared/format';
import { ProblemAlert } from '../shared/problem-alert';
import type { ContactFilters } from './contact-query';
import { useTags } from './use-contacts';
import { BulkChange, Selection, useBulkRun } from './use-bulk';

const ACTIONS = [
  ['add-tags', 'Add tag'],
  ['remove-tags', 'Remove tag'],
  ['add-to-list', 'Add to list'],
  ['remove-from-list', 'Remove from list'],
  ['set-status', 'Set status'],
  ['delete', 'Delete'],
] as const;
type Action = (typeof ACTIONS)[number][0];

const STATUSES = ['active', 'inactive', 'invalid', 'blocked'];


/** What a change will do, in the words the confirmation and the result use. */
function describe(change: BulkChange, n: number, listName: (id: string) => string): string {
  switch (change.action) {
    case 'add-tags': return `Add the tag “${change.tags[0]}” to ${contacts(n)}`;
    case 'remove-tags': return `Remove the tag “${change.tags[0]}” from ${contacts(n)}`;
    case 'add-to-list': return `Add ${contacts(n)} to the list “${listName(change.listId)}”`;
    case 'remove-from-list': return `Remove ${contacts(n)} from the list “${listName(change.listId)}”`;
    case 'set-status': return `Set the status of ${contacts(n)} to ${change.status}`;
    case 'delete': return `Delete ${contacts(n)}. They leave every list and segment, and this cannot be undone`;
  }
}

interface Props {
  selection: Selection;
  matching: number | undefined;
  onSelectMatching: () => void;
  onClear: () => void;
  q: string;
  filters: ContactFilters;
}

/** Chosen rows or "all N matching": pick a change, confirm the count, watch it go. */
export function BulkBar({ selection, matching, onSelectMatching, onClear, q, filters }: Props) {
  const id = useId();
  const { session } = useSession();
  const tags = useTags();
  const lists = useLists();
  const bulk = useBulkRun(q, filters);
  const [action, setAction] = useState<Action>('add-tags');
  const [value, setValue] = useState('');
  const [confirming, setConfirming] = useState(false);
  const count = selection.kind === 'rows' ? selection.ids.length : selection.count;
  const listName = (listId: string) => lists.data?.find((l) => l.id === listId)?.name ?? listId;

  const change: BulkChange | null =
    action === 'delete' ? { action } :
    !value.trim() ? null :
    action === 'add-tags' || action === 'remove-tags' ? { action, tags: [value.trim()] } :
    action === 'set-status' ? { action, status: value } :
    { action, listId: value };

  const actions = ACTIONS.filter(([a]) => a !== 'delete' || session.role === 'admin');
  const finished = bulk.result && !bulk.running;
  return (
    <div className="bulk-bar" role="region" aria-label="Bulk actions">
      <p className="bulk-selection">
        <strong>{selection.kind === 'matching' ? `All ${contacts(count)} matching` : `${contacts(count)} selected`}</strong>
        {selection.kind === 'rows' && matching !== undefined && matching > count && (
          <button type="button" className="link" onClick={onSelectMatching}>Select all {contacts(matching)} matching</button>
        )}
        <button type="button" className="link" onClick={() => { bulk.reset(); onClear(); }}>Clear selection</button>
      </p>
      {!bulk.running && !finished && (
        <div className="bulk-change">
          <span className="filter">
            <label htmlFor={`${id}-action`}>Action</label>
            <select id={`${id}-action`} value={action} onChange={(e) => { setAction(e.target.value as Action); setValue(''); setConfirming(false); }}>
              {actions.map(([a, label]) => <option key={a} value={a}>{label}</option>)}
            </select>
          </span>
          {(action === 'add-tags' || action === 'remove-tags') && (
            <span className="filter">
              <label htmlFor={`${id}-value`}>Tag</label>
              <input id={`${id}-value`} list={`${id}-tags`} value={value} maxLength={64} onChange={(e) => setValue(e.target.value)} />
              <datalist id={`${id}-tags`}>{(tags.data ?? []).map((t) => <option key={t.key} value={t.label} />)}</datalist>
            </span>
          )}
          {(action === 'add-to-list' || action === 'remove-from-list' || action === 'set-status') && (
            <span className="filter">
              <label htmlFor={`${id}-value`}>{action === 'set-status' ? 'Status' : 'List'}</label>
              <select id={`${id}-value`} value={value} onChange={(e) => setValue(e.target.value)}>
                <option value="">choose…</option>
                {action === 'set-status'
                  ? STATUSES.map((s) => <option key={s} value={s}>{s}</option>)
                  : (lists.data ?? []).map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
              </select>
            </span>
          )}
          <button type="button" disabled={!change || confirming} onClick={() => setConfirming(true)}>Apply…</button>
        </div>
      )}
      {confirming && change && !bulk.running && !finished && (
        <div className="confirm" role="alertdialog" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>{describe(change, count, listName)}?</p>
          <div className="actions">
            <button type="button" autoFocus onClick={() => { setConfirming(false); bulk.start(selection, change); }}>Yes, {contacts(count)}</button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>Cancel</button>
          </div>
        </div>
      )}
      {bulk.progress && (
        <div className="bulk-progress">
          <progress max={bulk.progress.total || 1} value={bulk.progress.done} aria-label="Bulk progress" />
          <span role="status">
            {bulk.running
              ? `${number(bulk.progress.done)} of ${contacts(bulk.progress.total)} done`
              : `${bulk.result?.cancelled ? 'Stopped' : 'Done'}: ${number(bulk.progress.done)} of ${contacts(bulk.progress.total)} done, ${number(bulk.progress.changed)} changed`}
          </span>
          {bulk.running && <button type="button" className="secondary" onClick={bulk.cancel}>Stop</button>}
          {finished && <button type="button" className="secondary" onClick={() => { bulk.reset(); onClear(); }}>Close</button>}
        </div>
      )}
      <ProblemAlert error={bulk.error} />
    </div>
  );
}
