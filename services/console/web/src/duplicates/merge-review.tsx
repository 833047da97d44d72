import { useId, useState } from 'react';
import type { ContactRow } from '../contacts/use-contacts';
import { fieldLabel } from '../shared/field-labels';
import { personName } from '../shared/format';
import { ProblemAlert } from '../shared/problem-alert';
import { Link } from '../shared/router';
import { CandidateGroup, MergeDecision, useGroupContacts, useMerge, useMergePlan } from './use-duplicates';


function valueOf(contact: ContactRow | undefined, field: string): string {
  if (!contact) return '';
  const raw = field.startsWith('custom.') ? contact.customFields?.[field.slice(7)] : (contact as Record<string, unknown>)[field];
  return raw === null || raw === undefined ? '' : String(raw);
}

/**
 * The group side by side: pick the contact that survives, and field by field whose value it keeps
 * (preselected by the tenant's survivor rules); the merged contact is shown before it is confirmed.
 */
export function MergeReview({ group, onClose }: { group: CandidateGroup; onClose: (decision?: MergeDecision) => void }) {
  const id = useId();
  const ids = group.members.map((m) => m.id);
  const contacts = useGroupContacts(ids);
  const [survivorId, setSurvivorId] = useState<string | null>(null);
  const [choices, setChoices] = useState<Record<string, string>>({});
  const plan = useMergePlan(ids, survivorId, choices);
  const merge = useMerge();
  const byId = new Map((contacts.data ?? []).map((c) => [c.id, c]));
  const survivor = survivorId ?? plan.data?.survivorId;
  const fields = Object.keys(plan.data?.sources ?? {}).filter((f) => ids.some((cid) => valueOf(byId.get(cid), f) !== ''));

  return (
    <section className="merge-review" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Merge {group.members.map(personName).join(' and ')}</h2>
      <ProblemAlert error={contacts.error ?? plan.error} />
      <table className="grid merge-table">
        <caption className="visually-hidden">The contacts side by side, and the merged result</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            {group.members.map((m) => (
              <th key={m.id} scope="col">
                <label className="check"><input type="radio" name={`${id}-survivor`} checked={survivor === m.id} onChange={() => { setSurvivorId(m.id); setChoices({}); }} /> Keep {personName(m)}</label>
                <span className="hint">{m.phone}</span>
              </th>
            ))}
            <th scope="col">Merged</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((field) => (
            <tr key={field}>
              <th scope="row">{fieldLabel(field)}</th>
              {group.members.map((m) => {
                const value = valueOf(byId.get(m.id), field);
                return (
                  <td key={m.id}>
                    {value && (
                      <label className="check">
                        <input type="radio" name={`${id}-${field}`} aria-label={`${fieldLabel(field)}: ${value} (from ${personName(m)})`} checked={(choices[field] ?? plan.data?.sources[field]) === m.id}
                          onChange={() => setChoices({ ...choices, [field]: m.id })} /> {value}
                      </label>
                    )}
                  </td>
                );
              })}
              <td className="merged">{valueOf(plan.data?.result, field)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Tags</th>
            {group.members.map((m) => <td key={m.id}>{(byId.get(m.id)?.tags ?? []).join(', ')}</td>)}
            <td className="merged">{(plan.data?.result.tags ?? []).join(', ')}</td>
          </tr>
          <tr>
            <th scope="row">WhatsApp consent</th>
            {group.members.map((m) => <td key={m.id}>{byId.get(m.id)?.consent?.whatsapp.status ?? ''}</td>)}
            <td className="merged">{plan.data?.result.consent?.whatsapp.status ?? ''}</td>
          </tr>
        </tbody>
      </table>
      <p className="hint">Tags and lists are joined; consent keeps the strictest; timelines and segments move to the contact kept. A merge can be undone from the history.</p>
      <ProblemAlert error={merge.error} />
      {merge.data?.state === 'applied' ? (
        <p role="status">Merged into <Link to={`/contacts/${merge.data.survivorId}`}>{personName(byId.get(merge.data.survivorId) ?? {})}</Link>.</p>
      ) : (
        <div className="actions">
          <button type="button" disabled={!plan.data || plan.isPlaceholderData || merge.isPending}
            onClick={() => merge.mutate({
              contactIds: ids, survivorId: plan.data!.survivorId, fieldChoices: choices,
              expectedVersions: Object.fromEntries(group.members.map((m) => [m.id, m.version])),
            }, { onSuccess: (decision) => decision.state === 'applied' && onClose(decision) })}>
            {merge.isPending ? 'Merging…' : `Merge ${group.members.length} contacts`}
          </button>
          <button type="button" className="secondary" onClick={() => onClose()}>Cancel</button>
        </div>
      )}
    </section>
  );
}
