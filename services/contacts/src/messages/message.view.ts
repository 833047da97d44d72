import { Type } from '@sinclair/typebox';
import { IsoDateTime, Nullable } from '@roster/http';
import { OUTBOUND_STATUSES } from '@roster/contracts';
import { STATUS_RANK, statusOfRank } from './domain/engagement';
import { MessageRecord } from './message.schema';

export const MessageSchema = Type.Object(
  {
    messageId: Type.String(),
    direction: Type.Union([Type.Literal('outbound'), Type.Literal('inbound')]),
    campaignId: Nullable(Type.String()),
    status: Nullable(Type.Union(OUTBOUND_STATUSES.map((s) => Type.Literal(s)))),
    at: IsoDateTime,
    deliveredAt: Nullable(IsoDateTime),
    readAt: Nullable(IsoDateTime),
    failure: Nullable(Type.Object({ code: Type.Integer(), title: Type.String() })),
    repliedAt: Nullable(IsoDateTime),
    text: Nullable(Type.String({ description: 'Inbound text; masked for viewers, null once removed (retention, erasure)' })),
    replyTo: Nullable(Type.String()),
  },
  { $id: 'Message' },
);

export const ConversationSchema = Type.Object(
  {
    conversationId: Type.String({ description: "The provider's conversation id, or one derived from 24-hour gaps between messages" }),
    startedAt: IsoDateTime,
    lastAt: IsoDateTime,
    messages: Type.Array(MessageSchema, { description: 'Newest first' }),
  },
  { $id: 'Conversation' },
);

export const CampaignHistorySchema = Type.Object(
  {
    campaignId: Type.String(),
    firstAt: IsoDateTime,
    lastAt: IsoDateTime,
    sent: Type.Integer(),
    delivered: Type.Integer(),
    read: Type.Integer(),
    replied: Type.Integer(),
    failed: Type.Integer(),
    failures: Type.Array(Type.Object({ code: Type.Integer(), title: Type.String(), messages: Type.Integer() })),
  },
  { $id: 'CampaignHistory' },
);

const iso = (d: Date | undefined | null) => (d ? d.toISOString() : null);

export function messageView(m: MessageRecord, viewer: boolean, now: Date) {
  const kept = m.text !== undefined && !(m.textExpiresAt && m.textExpiresAt <= now);
  return {
    messageId: m.messageId, direction: m.direction, campaignId: m.campaignId, status: m.direction === 'outbound' ? statusOfRank(m.rank) : null,
    at: m.at.toISOString(), deliveredAt: iso(m.deliveredAt), readAt: iso(m.readAt), failure: m.failure ?? null, repliedAt: iso(m.repliedAt),
    text: kept ? (viewer ? '•••' : m.text!) : null, replyTo: m.replyTo ?? null,
  };
}

/** A gap this long between messages starts a new conversation, when the provider gave no conversation id. */
const CONVERSATION_GAP_MS = 24 * 3_600_000;

type ViewedMessage = ReturnType<typeof messageView> & { conversationId: string | null };

/** Messages (newest first) grouped into conversations: by the provider's id, else by 24-hour gaps. */
export function conversationsOf(messages: readonly ViewedMessage[]) {
  const groups: Array<{ conversationId: string; derived: boolean; startedAt: string; lastAt: string; messages: ViewedMessage[] }> = [];
  for (const message of messages) {
    const current = groups[groups.length - 1];
    const joins = current !== undefined && (message.conversationId !== null
      ? current.conversationId === message.conversationId
      : current.derived && Date.parse(current.startedAt) - Date.parse(message.at) <= CONVERSATION_GAP_MS);
    if (joins) {
      current.messages.push(message);
      current.startedAt = message.at;
    } else {
      const derived = message.conversationId === null;
      groups.push({ conversationId: message.conversationId ?? `since-${message.at}`, derived, startedAt: message.at, lastAt: message.at, messages: [message] });
    }
  }
  return groups.map(({ derived: _derived, ...g }) => ({ ...g, messages: g.messages.map(({ conversationId: _c, ...m }) => m) }));
}

/** Per campaign: how its messages to the contact fared. */
export function campaignsOf(messages: readonly MessageRecord[]) {
  const byCampaign = new Map<string, MessageRecord[]>();
  for (const m of messages) {
    if (!m.campaignId) continue;
    const list = byCampaign.get(m.campaignId);
    if (list) list.push(m);
    else byCampaign.set(m.campaignId, [m]);
  }
  return [...byCampaign].map(([campaignId, list]) => {
    const failures = new Map<number, { code: number; title: string; messages: number }>();
    for (const m of list) {
      if (m.rank !== STATUS_RANK.failed || !m.failure) continue;
      const entry = failures.get(m.failure.code) ?? { ...m.failure, messages: 0 };
      entry.messages += 1;
      failures.set(m.failure.code, entry);
    }
    const times = list.map((m) => m.at.getTime());
    return {
      campaignId,
      firstAt: new Date(Math.min(...times)).toISOString(),
      lastAt: new Date(Math.max(...times)).toISOString(),
      sent: list.length,
      delivered: list.filter((m) => m.rank >= STATUS_RANK.delivered).length,
      read: list.filter((m) => m.rank === STATUS_RANK.read).length,
      replied: list.filter((m) => m.repliedAt).length,
      failed: list.filter((m) => m.rank === STATUS_RANK.failed).length,
      failures: [...failures.values()],
    };
  }).sort((a, b) => (a.lastAt < b.lastAt ? 1 : -1));
}
