import { Fragment, useId, useState } from 'react';
import { useSession } from '../api/client';
import { useTags } from '../contacts/use-contacts';
import { ProblemAlert } from '../shared/problem-alert';
import { Link } from '../shared/router';
import { TagActions } from './tag-actions';
import { number } from '../shared/format';

/** The tag catalogue with counts; admins rename, merge and delete tags for consistent tagging. */
export function TagsScreen() {
  const id = useId();
  const { session } = useSession();
  const tags = useTags();
  const [open, setOpen] = useState<string | null>(null);
  const rows = tags.data ?? [];
  const admin = session.role === 'admin';
  return (
    <section aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>Tags</h1>
      <ProblemAlert error={tags.error} />
      <table className="grid lists">
        <thead><tr><th scope="col">Tag</th><th scope="col">Contacts</th>{admin && <th scope="col"><span className="visually-hidden">Actions</span></th>}</tr></thead>
        <tbody>
          {rows.map((tag) => (
            <Fragment key={tag.key}>
              <tr>
                <td><Link to={`/contacts?tag=${encodeURIComponent(tag.label)}`}>{tag.label}</Link></td>
                <td>{number(tag.contacts)}</td>
                {admin && (
                  <td className="row-actions">
                    <button type="button" className="secondary" aria-expanded={open === tag.key} aria-label={`Change ${tag.label}`} onClick={() => setOpen(open === tag.key ? null : tag.key)}>Change…</button>
                  </td>
                )}
              </tr>
              {open === tag.key && (
                <tr><td colSpan={3}><TagActions tag={tag} others={rows.filter((o) => o.key !== tag.key)} onDone={() => setOpen(null)} /></td></tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      {tags.isSuccess && rows.length === 0 && <p className="empty">No tags yet.</p>}
    </section>
  );
}
