import { useId, useState } from 'react';
import { ProblemAlert } from '../../shared/problem-alert';
import { navigate } from '../../shared/router';
import { useDeleteContact } from './use-profile';

const CONSEQUENCES = {
  delete: 'It leaves every list and segment, no campaign reaches it again, and its phone is free for a new contact. It frees one contact of your plan.',
  erase: 'As a delete, and every trace of this person goes too: fields, consent records, timeline and message texts. Services that hold it are told it was erased. This cannot be undone.',
};

/** Delete or GDPR-erase (admins), each consequence spelled out before it is confirmed. */
export function DeleteContact({ contactId, name }: { contactId: string; name: string }) {
  const id = useId();
  const remove = useDeleteContact(contactId);
  const [asked, setAsked] = useState<'delete' | 'erase' | null>(null);
  return (
    <div className="danger-zone">
      <div className="actions">
        <button type="button" className="secondary" onClick={() => setAsked('delete')}>Delete contact</button>
        <button type="button" className="secondary" onClick={() => setAsked('erase')}>Erase personal data (GDPR)</button>
      </div>
      {asked && (
        <div className="confirm" role="alertdialog" aria-labelledby={`${id}-ask`} aria-describedby={`${id}-why`}>
          <p id={`${id}-ask`}><strong>{asked === 'erase' ? `Erase ${name}?` : `Delete ${name}?`}</strong></p>
          <p id={`${id}-why`}>{CONSEQUENCES[asked]}</p>
          <div className="actions">
            <button type="button" disabled={remove.isPending} onClick={() => remove.mutate(asked === 'erase', { onSuccess: () => navigate('/contacts') })}>
              {asked === 'erase' ? 'Yes, erase everything' : 'Yes, delete'}
            </button>
            <button type="button" className="secondary" onClick={() => setAsked(null)}>Cancel</button>
          </div>
          <ProblemAlert error={remove.error} />
        </div>
      )}
    </div>
  );
}
