import type { Activity, Message } from './use-profile';

export interface Entry {
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

export function fromActivity(a: Activity): Entry {
  const money = a.amount !== undefined ? `${a.amount.toFixed(2)}${a.currency ? ` ${a.currency}` : ''}` : '';
  const detail = [money, a.name, a.campaignId && `campaign ${a.campaignId}`].filter(Boolean).join(' · ');
  return { key: `a-${a.id}`, at: a.occurredAt, what: ACTIVITY_LABELS[a.kind] ?? a.kind, detail };
}

export function fromMessage(m: Message): Entry {
  if (m.direction === 'inbound') return { key: `m-${m.messageId}`, at: m.at, what: 'WhatsApp message received', detail: m.text ?? '' };
  const detail = [m.campaignId && `campaign ${m.campaignId}`, m.status, m.failure && `failed: ${m.failure.title}`].filter(Boolean).join(' · ');
  return { key: `m-${m.messageId}`, at: m.at, what: 'WhatsApp message sent', detail };
}

/**
 * Sources paged newest first, merged newest first. An entry shows only once every source with more
 * pages has been read back to its time, so nothing older can later appear above it.
 */
export function mergeTimeline(sources: Array<{ entries: Entry[]; more: boolean }>): Entry[] {
  const horizon = sources
    .filter((s) => s.more && s.entries.length > 0)
    .map((s) => s.entries.reduce((oldest, e) => (e.at < oldest ? e.at : oldest), s.entries[0].at))
    .reduce((latest, at) => (at > latest ? at : latest), '');
  return sources.flatMap((s) => s.entries).filter((e) => e.at >= horizon).sort((a, b) => b.at.localeCompare(a.at));
}
