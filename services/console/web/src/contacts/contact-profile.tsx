import { Link } from '../shared/router';
import { ProblemAlert } from '../shared/problem-alert';
import { useContact } from './use-contacts';

/** One contact: its fields, tags and consent with its history. */
export function ContactProfile({ id }: { id: string }) {
  const contact = useContact(id);
  if (contact.isPending) return <p role="status">Loading…</p>;
  if (contact.error) return <ProblemAlert error={contact.error} />;
  const c = contact.data;
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ') || '(no name)';
  const rows: Array<[string, string | undefined | null]> = [
    ['Phone', c.phone], ['Email', c.email], ['Company', c.company], ['Language', c.language], ['Lead source', c.leadSource],
    ['Status', c.status], ['Country', c.location?.country], ['Tags', c.tags?.join(', ')], ['Notes', c.notes],
  ];
  return (
    <article className="profile" aria-labelledby="profile-name">
      <p><Link to="/contacts">← All contacts</Link></p>
      <h1 id="profile-name">{name}</h1>
      <dl className="fields">
        {rows.filter(([, value]) => value).map(([label, value]) => (
          <div key={label}><dt>{label}</dt><dd>{value}</dd></div>
        ))}
      </dl>
      <h2>Consent</h2>
      <p>WhatsApp: <strong>{c.consent?.whatsapp.status ?? 'unknown'}</strong></p>
      {!!c.consent?.history?.length && (
        <table className="grid">
          <caption className="visually-hidden">Consent history</caption>
          <thead><tr><th scope="col">When</th><th scope="col">Status</th><th scope="col">Method</th><th scope="col">Source</th></tr></thead>
          <tbody>
            {c.consent.history.slice().reverse().map((h, i) => (
              <tr key={i}><td>{h.at ? new Date(h.at).toLocaleString() : ''}</td><td>{h.status}</td><td>{h.method}</td><td>{h.source}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
