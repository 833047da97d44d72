import { useId } from 'react';
import { ProblemAlert } from '../../shared/problem-alert';
import { fromActivity, fromMessage, mergeTimeline } from './timeline';
import { useCampaignHistory, useTimelineSources } from './use-profile';
import { dateTime } from '../../shared/format';

/** Purchases, events and messages in one list, newest first, and the contact's campaigns. */
export function ProfileTimeline({ contactId }: { contactId: string }) {
  const id = useId();
  const { activities, conversations } = useTimelineSources(contactId);
  const campaigns = useCampaignHistory(contactId);
  const activityEntries = (activities.data?.pages ?? []).flatMap((p) => p.items.map(fromActivity));
  const messageEntries = (conversations.data?.pages ?? []).flatMap((p) => p.items.flatMap((c) => c.messages.map(fromMessage)));
  const entries = mergeTimeline([
    { entries: activityEntries, more: !!activities.hasNextPage },
    { entries: messageEntries, more: !!conversations.hasNextPage },
  ]);
  const more = activities.hasNextPage || conversations.hasNextPage;
  const busy = activities.isFetching || conversations.isFetching;

  return (
    <section aria-labelledby={`${id}-timeline`}>
      <h2 id={`${id}-timeline`}>Timeline</h2>
      <ProblemAlert error={activities.error ?? conversations.error} />
      {entries.length === 0 && !busy && <p className="empty">Nothing has happened yet.</p>}
      <ol className="timeline" aria-label="Timeline, newest first">
        {entries.map((e) => (
          <li key={e.key}>
            <time dateTime={e.at}>{dateTime(e.at)}</time> <strong>{e.what}</strong>{e.detail && <span> — {e.detail}</span>}
          </li>
        ))}
      </ol>
      {more && (
        <button type="button" className="secondary" disabled={busy} onClick={() => {
          if (activities.hasNextPage) void activities.fetchNextPage();
          if (conversations.hasNextPage) void conversations.fetchNextPage();
        }}>Show older</button>
      )}
      {!!campaigns.data?.length && (
        <table className="grid campaigns">
          <caption>Campaigns</caption>
          <thead><tr>{['Campaign', 'Last message', 'Sent', 'Delivered', 'Read', 'Replied', 'Failed'].map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
          <tbody>
            {campaigns.data.map((c) => (
              <tr key={c.campaignId}>
                <td>{c.campaignId}</td><td>{dateTime(c.lastAt)}</td>
                <td>{c.sent}</td><td>{c.delivered}</td><td>{c.read}</td><td>{c.replied}</td><td>{c.failed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
