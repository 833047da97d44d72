import { useId } from 'react';
import { personName } from '../../shared/format';
import { Link } from '../../shared/router';
import { useSuspectedDuplicates } from './use-profile';


/** The candidate group this contact is in, each other member with the evidence in plain words. */
export function SuspectedDuplicates({ contactId }: { contactId: string }) {
  const id = useId();
  const groups = useSuspectedDuplicates(contactId, true);
  const group = groups.data?.[0];
  const others = group?.members.filter((m) => m.id !== contactId) ?? [];
  return (
    <section aria-labelledby={`${id}-dup`}>
      <h2 id={`${id}-dup`}>Suspected duplicates</h2>
      {groups.error ? <p className="hint">Duplicate suggestions are not available right now.</p> : !group ? <p className="hint">None found.</p> : (
        <ul className="duplicates">
          {others.map((m) => {
            const pair = group.pairs.find((p) => (p.a === contactId && p.b === m.id) || (p.b === contactId && p.a === m.id));
            return (
              <li key={m.id}>
                <Link to={`/contacts/${m.id}`}>{personName(m)}</Link> <span className="hint">{m.phone}</span>
                {pair && <> — {Math.round(pair.score * 100)}% likely the same person: {pair.features.filter((f) => f.score > 0).map((f) => f.detail).join('; ')}</>}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
