import { useId } from 'react';
import { ProblemAlert } from '../../shared/problem-alert';
import { Activity, Message, useCampaignHistory, useTimelineSources } from './use-profile';

interface Entry {
  key: string;
  at: string;
  what: string;
  detail: string;
}

const ACTIVITY_LABELS: Record<string, string> = {
  purchase: 'Purchase',
  'message.sent': 'Message sent',
  'message.delivered': 'Message delivered',
  'message.read': 'Message read',
  'message.replied': 'Message replied',
  'campaign.received': 'Campaign received',
  custom: 'Event',
};

function fromActivity(a: Activity): Entry {
  const money = a.amount !== undefined ? `${a.amount.toFixed(2)}${a.currency ? ` ${a.currency}` : ''}` : '';
  const detail = [money, a.name, a.campaignId && `campaign ${a.campaignId}`].filter(Boolean).join(' · ');
  return { key: `a-${a.id}`, at: a.occurredAt, what: ACTIVITY_LABELS[a.kind] ?? a.kind, detail };
}

function fromMessage(m: Message): Entry {
  if (m.direction === 'inbound') return { key: `m-${m.messageId}`, at: m.at, what: 'WhatsApp message received', detail: m.text ?? '' };
  const detail = [m.campaignId && `campaign ${m.campaignId}`, m.status, m.failure && `failed: ${m.failure.title}`].filter(Boolean).join(' · ');
  return { key: `m-${m.messageId}`, at: m.at, what: 'WhatsApp message sent', detail };
}

/**
 * Purchases, events and messages in one list, newest first. Each source is paged on its own; an
 * entry shows once every source has been read back to its time, so nothing older slips in above it later.
 */
export function ProfileTimeline({ contactId }: { contactId: string }) {
  const id = useId();
  const { activities, conversations } = useTimelineSources(contactId);
  const campaigns = useCampaignHistory(contactId);
  const activityEntries = (activities.data?.pages ?? []).flatMap((p) => p.items.map(fromActivity));
  const messageEntries = (conversations.data?.pages ?? []).flatMap((p) => p.items.flatMap((c) => c.messages.map(fromMessage)));
  const oldest = (entries: Entry[]) => entries.reduce((min, e) => (e.at < min ? e.at : min), '\uffff');
  const horizon = [
    activities.hasNextPage ? oldest(activityEntries) : '',
    conversations.hasNextPage ? oldest(messageEntries) : '',
  ].reduce((a, b) => (a > b ? a : b), '');
  const entries = [...activityEntries, ...messageEntries].filter((e) => e.at >= horizon).sort((a, b) => b.at.localeCompare(a.at));
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
            <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time> <strong>{e.what}</strong>{e.detail && <span> — {e.detail}</span>}
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
                <td>{c.campaignId}</td><td>{new Date(c.lastAt).toLocaleString()}</td>
                <td>{c.sent}</td><td>{c.delivered}</td><td>{c.read}</td><td>{c.replied}</td><td>{c.failed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
