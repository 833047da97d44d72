import { useQueries } from '@tanstack/react-query';
import { useId } from 'react';
import { useSession } from '../api/client';
import { useLists } from '../lists/use-lists';
import { canWrite } from '../session/session';
import { number, personName } from '../shared/format';
import { ProblemAlert } from '../shared/problem-alert';
import { Link, navigate } from '../shared/router';
import { SegmentBuilder } from './segment-builder';
import { Segment, segmentRead, useDeleteSegment, useSegment, useSegmentMembers, useSegments } from './use-segments';

const STATUS_TEXT: Record<Segment['status'], (s: Segment) => string> = {
  backfilling: (s) => `filling, ${s.backfill.percent} %`,
  ready: () => 'ready',
  // The members do not yet reflect every contact change: say so, and how far behind.
  'catching-up': (s) => `catching up, ${Math.max(1, Math.round(s.freshness.behindSeconds))} s behind`,
  retiring: () => 'being deleted',
};
const statusText = (s: Segment) => STATUS_TEXT[s.status](s);

/** `/segments`: every segment with its members, status and scope; `/segments/new`; `/segments/<id>`. */
export function SegmentsScreen({ route }: { route: string | undefined }) {
  if (route === 'new') return <NewSegment />;
  if (route) return <SegmentDetail id={route} />;
  return <SegmentList />;
}

function SegmentList() {
  const id = useId();
  const { session, api } = useSession();
  const segments = useSegments();
  const lists = useLists();
  const rows = segments.data ?? [];
  // The list has no member counts; each segment's own read has.
  const counts = useQueries({ queries: rows.map((s) => segmentRead(api, s.id)) });
  return (
    <section aria-labelledby={`${id}-title`}>
      <div className="screen-head">
        <h1 id={`${id}-title`}>Segments</h1>
        {canWrite(session) && <button type="button" onClick={() => navigate('/segments/new')}>+ New segment</button>}
      </div>
      <ProblemAlert error={segments.error} />
      <table className="grid lists">
        <thead><tr>{['Name', 'Members', 'Status', 'Among'].map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
        <tbody>
          {rows.map((s, i) => (
            <tr key={s.id}>
              <td><Link to={`/segments/${s.id}`}>{s.name}</Link></td>
              <td>{counts[i]?.data?.memberCount !== undefined ? number(counts[i].data!.memberCount!) : '…'}</td>
              <td>{statusText(s)}</td>
              <td>{s.listId ? `the list ${lists.data?.find((l) => l.id === s.listId)?.name ?? s.listId}` : 'all contacts'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {segments.isSuccess && rows.length === 0 && <p className="empty">No segments yet.</p>}
    </section>
  );
}

function NewSegment() {
  const { session } = useSession();
  return (
    <section className="segment-page">
      <p><Link to="/segments">← All segments</Link></p>
      <h1>New segment</h1>
      <SegmentBuilder canSave={canWrite(session)} />
    </section>
  );
}

function SegmentDetail({ id }: { id: string }) {
  const { session } = useSession();
  const segment = useSegment(id);
  const remove = useDeleteSegment();
  if (!segment.data) return segment.error ? <ProblemAlert error={segment.error} /> : <p role="status">Loading…</p>;
  const s = segment.data;
  return (
    <section className="segment-page">
      <p><Link to="/segments">← All segments</Link></p>
      <div className="screen-head">
        <h1>{s.name}</h1>
        <span role="status">{s.memberCount !== undefined ? `${number(s.memberCount)} members` : ''} · {statusText(s)}</span>
        {canWrite(session) && <button type="button" className="secondary" disabled={remove.isPending} onClick={() => remove.mutate(id, { onSuccess: () => navigate('/segments') })}>Delete segment</button>}
      </div>
      {s.description && <p>{s.description}</p>}
      <SegmentBuilder key={`${s.id}:${s.name}`} segment={s} canSave={canWrite(session)} />
      <SegmentMembers id={id} memberCount={s.memberCount} />
    </section>
  );
}

function SegmentMembers({ id, memberCount }: { id: string; memberCount: number | undefined }) {
  const headingId = useId();
  const members = useSegmentMembers(id, memberCount);
  const rows = members.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Members</h2>
      <ProblemAlert error={members.error} />
      <table className="grid lists">
        <thead><tr><th scope="col">Name</th><th scope="col">Phone</th></tr></thead>
        <tbody>{rows.map((c) => <tr key={c.id}><td><Link to={`/contacts/${c.id}`}>{personName({ firstName: c.firstName, lastName: c.lastName })}</Link></td><td>{c.phone}</td></tr>)}</tbody>
      </table>
      {members.hasNextPage && <button type="button" className="secondary" onClick={() => void members.fetchNextPage()}>More members</button>}
    </section>
  );
}
