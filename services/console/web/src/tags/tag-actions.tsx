import { useId, useState } from 'react';
import { contactCount as contacts } from '../shared/format';
import { ProblemAlert } from '../shared/problem-alert';
import { useDeleteTag, useRenameTag } from './use-tag-changes';

type Tag = { key: string; label: string; contacts: number };

/** Rename a tag (a name another tag has merges the two), merge it into another, or delete it: each confirmed with its reach. */
export function TagActions({ tag, others, onDone }: { tag: Tag; others: Tag[]; onDone: () => void }) {
  const id = useId();
  const rename = useRenameTag();
  const remove = useDeleteTag();
  const [label, setLabel] = useState(tag.label);
  const [into, setInto] = useState('');
  const [deleting, setDeleting] = useState(false);
  const target = others.find((o) => o.key === into);
  const clash = others.find((o) => o.label.toLowerCase() === label.trim().toLowerCase());
  const busy = rename.isPending || remove.isPending;
  const done = (outcome: { changed: number }) => {
    onDone();
    return outcome;
  };
  return (
    <div className="tag-actions" role="group" aria-label={`Change ${tag.label}`}>
      <form className="list-form" onSubmit={(e) => { e.preventDefault(); rename.mutate({ tag: tag.label, label: label.trim() }, { onSuccess: done }); }}>
        <div className="field">
          <label htmlFor={`${id}-label`}>New name</label>
          <input id={`${id}-label`} value={label} maxLength={64} onChange={(e) => setLabel(e.target.value)} />
        </div>
        <button type="submit" disabled={busy || !label.trim() || label.trim() === tag.label}>
          {clash ? `Merge into ${clash.label}` : 'Rename'} ({contacts(tag.contacts)})
        </button>
      </form>
      <form className="list-form" onSubmit={(e) => { e.preventDefault(); if (target) rename.mutate({ tag: tag.label, label: target.label }, { onSuccess: done }); }}>
        <div className="field">
          <label htmlFor={`${id}-into`}>Merge into</label>
          <select id={`${id}-into`} value={into} onChange={(e) => setInto(e.target.value)}>
            <option value="">choose a tag…</option>
            {others.map((o) => <option key={o.key} value={o.key}>{o.label} ({o.contacts})</option>)}
          </select>
        </div>
        <button type="submit" disabled={busy || !target}>Merge</button>
      </form>
      {!deleting ? (
        <button type="button" className="secondary" onClick={() => setDeleting(true)}>Delete tag…</button>
      ) : (
        <div className="confirm" role="alertdialog" aria-labelledby={`${id}-delete`}>
          <p id={`${id}-delete`}>Remove “{tag.label}” from {contacts(tag.contacts)}? Segments that ask for it lose them.</p>
          <div className="actions">
            <button type="button" disabled={busy} onClick={() => remove.mutate(tag.label, { onSuccess: done })}>Yes, delete the tag</button>
            <button type="button" className="secondary" onClick={() => setDeleting(false)}>Cancel</button>
          </div>
        </div>
      )}
      {target && <p className="hint">Every contact tagged “{tag.label}” gets “{target.label}” instead.</p>}
      <ProblemAlert error={rename.error ?? remove.error} />
    </div>
  );
}
