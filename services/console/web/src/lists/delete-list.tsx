import { useId, useState } from 'react';
import { ProblemAlert } from '../shared/problem-alert';
import { ContactListRow, useDeleteList } from './use-lists';
import { contactCount } from '../shared/format';

/** Deleting a list, with its consequence spelled out and the choice to move its contacts to another list first. */
export function DeleteList({ list, others, onDone }: { list: ContactListRow; others: ContactListRow[]; onDone: () => void }) {
  const id = useId();
  const remove = useDeleteList();
  const [moveTo, setMoveTo] = useState('');
  const count = list.contacts ?? 0;
  return (
    <div className="confirm" role="group" aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`}>
        Delete “{list.name}”? Its {contactCount(count)} leave the list; the contacts themselves stay in Roster.
      </p>
      <label htmlFor={`${id}-move`}>Move its contacts to</label>{' '}
      <select id={`${id}-move`} value={moveTo} onChange={(e) => setMoveTo(e.target.value)}>
        <option value="">no other list</option>
        {others.map((other) => <option key={other.id} value={other.id}>{other.name}</option>)}
      </select>
      <div className="actions">
        <button type="button" disabled={remove.isPending} onClick={() => remove.mutate({ id: list.id, moveTo: moveTo || null }, { onSuccess: onDone })}>
          Delete list
        </button>
        <button type="button" className="secondary" onClick={onDone}>Keep it</button>
      </div>
      <ProblemAlert error={remove.error} />
    </div>
  );
}
