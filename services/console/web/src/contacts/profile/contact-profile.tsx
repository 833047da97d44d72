import { useId, useState } from 'react';
import { useSession } from '../../api/client';
import { useLists } from '../../lists/use-lists';
import { canWrite } from '../../session/session';
import { dateTime, personName } from '../../shared/format';
import { ProblemAlert } from '../../shared/problem-alert';
import { Link } from '../../shared/router';
import { ContactForm } from '../contact-form';
import { useContact, useTenant } from '../use-contacts';
import { DeleteContact } from './delete-contact';
import { ProfileTimeline } from './profile-timeline';
import { SuspectedDuplicates } from './suspected-duplicates';
import { useContactSegments } from './use-profile';

/** One contact: fields, tags, lists, segments, consent with its history, timeline and suspected duplicates. */
export function ContactProfile({ id }: { id: string }) {
  const headingId = useId();
  const { session } = useSession();
  const contact = useContact(id);
  const tenant = useTenant();
  const lists = useLists();
  const segments = useContactSegments(id);
  const [editing, setEditing] = useState(false);
  if (contact.isPending) return <p role="status">Loading…</p>;
  if (contact.error) return <ProblemAlert error={contact.error} />;
  const c = contact.data;
  const name = personName({ firstName: c.firstName, lastName: c.lastName });
  const custom = (tenant.data?.customFields ?? []).map<[string, string | undefined]>((f) => [f.label, c.customFields?.[f.key] == null ? undefined : String(c.customFields[f.key])]);
  const rows: Array<[string, string | undefined | null]> = [
    ['Phone', c.phone], ['Email', c.email], ['Company', c.company], ['Language', c.language], ['Lead source', c.leadSource],
    ['Status', c.status], ['Country', c.location?.country], ['Birth date', c.birthDate], ['Notes', c.notes], ...custom,
  ];
  const listNames = (c.lists ?? []).map((listId) => ({ id: listId, name: lists.data?.find((l) => l.id === listId)?.name ?? listId }));

  return (
    <article className="profile" aria-labelledby={headingId}>
      <p><Link to="/contacts">← All contacts</Link></p>
      <div className="screen-head">
        <h1 id={headingId}>{name}</h1>
        {canWrite(session) && !editing && tenant.data && <button type="button" onClick={() => setEditing(true)}>Edit</button>}
      </div>
      {editing && tenant.data ? (
        <ContactForm tenant={tenant.data} contact={c} onDone={() => setEditing(false)} onSaved={() => setEditing(false)} />
      ) : (
        <dl className="fields">
          {rows.filter(([, value]) => value).map(([label, value]) => <div key={label}><dt>{label}</dt><dd>{value}</dd></div>)}
        </dl>
      )}
      <div className="profile-columns">
        <section aria-label="Tags">
          <h2>Tags</h2>
          {c.tags?.length ? <ul className="chips">{c.tags.map((t) => <li key={t}>{t}</li>)}</ul> : <p className="hint">No tags.</p>}
        </section>
        <section aria-label="Lists">
          <h2>Lists</h2>
          {listNames.length ? <ul>{listNames.map((l) => <li key={l.id}><Link to={`/contacts?list=${l.id}`}>{l.name}</Link></li>)}</ul> : <p className="hint">In no list.</p>}
        </section>
        <section aria-label="Segments">
          <h2>Segments</h2>
          {segments.error ? <p className="hint">Segments are not available right now.</p>
            : segments.data?.length ? <ul>{segments.data.map((s) => <li key={s.segmentId}>{s.name ?? s.segmentId} <span className="hint">since {new Date(s.since).toLocaleDateString()}</span></li>)}</ul>
            : <p className="hint">{segments.isPending ? 'Loading…' : 'In no segment.'}</p>}
        </section>
      </div>
      <section aria-label="Consent">
        <h2>Consent</h2>
        <p>WhatsApp: <strong>{c.consent?.whatsapp.status ?? 'unknown'}</strong></p>
        {!!c.consent?.history?.length && (
          <table className="grid">
            <caption className="visually-hidden">Consent history</caption>
            <thead><tr><th scope="col">When</th><th scope="col">Status</th><th scope="col">Method</th><th scope="col">Source</th></tr></thead>
            <tbody>
              {c.consent.history.slice().reverse().map((h, i) => (
                <tr key={i}><td>{h.at ? dateTime(h.at) : ''}</td><td>{h.status}</td><td>{h.method}</td><td>{h.source}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <ProfileTimeline contactId={id} />
      {canWrite(session) && <SuspectedDuplicates contactId={id} />}
      {session.role === 'admin' && <DeleteContact contactId={id} name={name} />}
    </article>
  );
}
