import { Fragment, useId, useState } from 'react';
import { useSession } from '../api/client';
import { canWrite } from '../session/session';
import { Link } from '../shared/router';
import { ProblemAlert } from '../shared/problem-alert';
import { DeleteList } from './delete-list';
import { ListForm } from './list-form';
import { useCreateList, useLists, useUpdateList } from './use-lists';
import { number } from '../shared/format';

/** Lists as a table: name, description, contacts, created; create, edit, delete with "move contacts to". */
export function ListsScreen() {
  const { session } = useSession();
  const id = useId();
  const lists = useLists();
  const create = useCreateList();
  const update = useUpdateList();
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const rows = lists.data ?? [];
  const columns = 5;

  return (
    <section aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>Lists</h1>
      {canWrite(session) && <ListForm title="New list" submitLabel="Create list" onSubmit={(values) => create.mutateAsync(values)} />}
      <ProblemAlert error={lists.error} />
      <table className="grid lists">
        <thead>
          <tr><th scope="col">Name</th><th scope="col">Description</th><th scope="col">Contacts</th><th scope="col">Created</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
        </thead>
        <tbody>
          {rows.map((list) => (
            <Fragment key={list.id}>
              <tr>
                <td><Link to={`/contacts?list=${list.id}`}>{list.name}</Link></td>
                <td>{list.description}</td>
                <td>{number(list.contacts ?? 0)}</td>
                <td>{new Date(list.createdAt).toLocaleDateString()}</td>
                <td className="row-actions">
                  {canWrite(session) && <button type="button" className="secondary" onClick={() => setEditing(list.id)} aria-label={`Edit ${list.name}`}>Edit</button>}
                  {session.role === 'admin' && <button type="button" className="secondary" onClick={() => setDeleting(list.id)} aria-label={`Delete ${list.name}`}>Delete</button>}
                </td>
              </tr>
              {editing === list.id && (
                <tr><td colSpan={columns}>
                  <ListForm title={`Edit ${list.name}`} initial={list} submitLabel="Save list" onCancel={() => setEditing(null)}
                    onSubmit={(values) => update.mutateAsync({ id: list.id, ...values }).then(() => setEditing(null))} />
                </td></tr>
              )}
              {deleting === list.id && (
                <tr><td colSpan={columns}>
                  <DeleteList list={list} others={rows.filter((other) => other.id !== list.id)} onDone={() => setDeleting(null)} />
                </td></tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      {lists.isSuccess && rows.length === 0 && <p className="empty">No lists yet.</p>}
    </section>
  );
}
