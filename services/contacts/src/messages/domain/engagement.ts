import { Engagement, HARD_FAILURE_CODES, OUTBOUND_STATUSES, isHardFailure } from '@roster/contracts';

export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number];

/** A message's state is its highest status: a late `sent` or `delivered` after `read` changes nothing. */
export const STATUS_RANK: Readonly<Record<OutboundStatus, number>> = { sent: 1, failed: 2, delivered: 3, read: 4 };

/** The status of a rank (null for none: an inbound message). */
export const statusOfRank = (rank: number): OutboundStatus | null => OUTBOUND_STATUSES.find((s) => STATUS_RANK[s] === rank) ?? null;

/** Days of counts kept: the longest window a condition may ask about. */
export const DAILY_WINDOW_DAYS = 90;
/** The WhatsApp customer-service window: free-form messages are allowed this long after an inbound message. */
export const SERVICE_WINDOW_MS = 24 * 3_600_000;
/** An inbound message that names no message it answers is taken as the reply to the last outbound one sent this recently. */
export const REPLY_ATTRIBUTION_MS = 24 * 3_600_000;

export const emptyEngagement = (): Engagement => ({
  recent: [], readRate: null, replyRate: null, daily: [], lastInboundAt: null, serviceWindowUntil: null, invalidNumber: null,
});

/** An outbound message as the engagement traits see it, after an outcome was applied to it. */
export interface OutboundMessage {
  messageId: string;
  campaignId: string | null;
  sentAt: Date;
  status: OutboundStatus;
  failureCode: number | null;
  readAt: Date | null;
  /** When an inbound message naming it was taken in before it (statuses and replies come on their own keys). */
  repliedAt: Date | null;
}

/** What an outcome changed about its message (nothing, for a replay or a status it already passed). */
export interface OutboundChange {
  /** The first outcome seen for this message: it counts as received. */
  firstSeen: boolean;
  /** The first time it is known to be read. */
  becameRead: boolean;
}

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

type DailyCount = 'received' | 'read' | 'replies' | 'purchases';

/** Adds one to a day's count, dropping days older than the window. */
function counted(daily: Engagement['daily'], at: Date, what: DailyCount, now: Date): Engagement['daily'] {
  const oldest = dayOf(new Date(now.getTime() - (DAILY_WINDOW_DAYS - 1) * 86_400_000));
  const day = dayOf(at);
  const kept = daily.filter((d) => d.day >= oldest);
  if (day < oldest) return kept;
  const existing = kept.find((d) => d.day === day);
  const updated = existing ?? { day, received: 0, read: 0, replies: 0, purchases: 0 };
  const next = { ...updated, [what]: updated[what] + 1 };
  return [...kept.filter((d) => d.day !== day), next].sort((a, b) => (a.day < b.day ? 1 : -1));
}

function withRates(engagement: Engagement): Engagement {
  const { recent } = engagement;
  const share = (n: number) => (recent.length ? Math.round((n / recent.length) * 1000) / 1000 : null);
  return { ...engagement, readRate: share(recent.filter((m) => m.status === 'read').length), replyRate: share(recent.filter((m) => m.replied).length) };
}

/**
 * The invalid-number rule: the newest outbound messages, since the last inbound one, that failed
 * with a hard failure code, back to the first one delivered or read. Pending and otherwise failed
 * messages say nothing either way.
 */
function invalidNumber(engagement: Engagement, threshold: number, now: Date): Engagement['invalidNumber'] {
  const failing: Array<{ messageId: string; code: number }> = [];
  for (const message of engagement.recent) {
    if (engagement.lastInboundAt && message.sentAt <= engagement.lastInboundAt) break;
    if (message.status === 'delivered' || message.status === 'read') break;
    if (message.status === 'failed' && message.failureCode !== null && isHardFailure(message.failureCode)) {
      failing.push({ messageId: message.messageId, code: message.failureCode });
    }
  }
  if (failing.length < threshold) return null;
  const code = failing[0].code;
  return (
    engagement.invalidNumber ?? {
      since: now.toISOString(),
      reason: `${failing.length} consecutive messages failed as undeliverable to this number (last: ${code}, ${HARD_FAILURE_CODES[code]})`,
      messageIds: failing.map((f) => f.messageId),
    }
  );
}

/**
 * Whether the last inbound message, taken in before this outbound one was first reported, answers
 * it by the rule of answeredMessage: the newest message sent within REPLY_ATTRIBUTION_MS before it.
 */
function answeredEarlier(engagement: Engagement, message: OutboundMessage): boolean {
  const inbound = engagement.lastInboundAt;
  const sent = message.sentAt.toISOString();
  if (!inbound || sent > inbound || Date.parse(inbound) - message.sentAt.getTime() > REPLY_ATTRIBUTION_MS) return false;
  return !engagement.recent.some((m) => m.messageId !== message.messageId && m.sentAt > sent && m.sentAt <= inbound);
}

/** Folds an outbound message's new state into the contact's engagement. */
export function withOutbound(engagement: Engagement, message: OutboundMessage, change: OutboundChange, policy: { recentMessages: number; hardFailuresToInvalid: number }, now: Date): Engagement {
  const previous = engagement.recent.find((m) => m.messageId === message.messageId);
  const entry = {
    messageId: message.messageId,
    campaignId: message.campaignId,
    sentAt: message.sentAt.toISOString(),
    status: message.status,
    replied: previous?.replied ?? (message.repliedAt !== null || answeredEarlier(engagement, message)),
    failureCode: message.failureCode,
  };
  const recent = [...engagement.recent.filter((m) => m.messageId !== message.messageId), entry]
    .sort((a, b) => (a.sentAt < b.sentAt ? 1 : a.sentAt > b.sentAt ? -1 : a.messageId < b.messageId ? 1 : -1))
    .slice(0, policy.recentMessages);
  let daily = engagement.daily;
  if (change.firstSeen) daily = counted(daily, message.sentAt, 'received', now);
  if (change.becameRead && message.readAt) daily = counted(daily, message.readAt, 'read', now);
  const next = withRates({ ...engagement, recent, daily });
  return { ...next, invalidNumber: invalidNumber(next, policy.hardFailuresToInvalid, now) };
}

/**
 * The outbound message an inbound one answers: the one it names, else the newest one sent within
 * REPLY_ATTRIBUTION_MS before it. Null when none is known.
 */
export function answeredMessage(engagement: Engagement, at: Date, replyTo: string | null): string | null {
  if (replyTo) return replyTo;
  const since = new Date(at.getTime() - REPLY_ATTRIBUTION_MS).toISOString();
  const sent = engagement.recent.find((m) => m.sentAt <= at.toISOString() && m.sentAt >= since);
  return sent?.messageId ?? null;
}

/** Folds an inbound message into the engagement: a reply, the service window, and proof the number works. */
export function withInbound(engagement: Engagement, at: Date, answered: string | null, now: Date): Engagement {
  const lastInbound = engagement.lastInboundAt && engagement.lastInboundAt > at.toISOString() ? new Date(engagement.lastInboundAt) : at;
  const recent = engagement.recent.map((m) => (m.messageId === answered ? { ...m, replied: true } : m));
  return withRates({
    ...engagement,
    recent,
    daily: counted(engagement.daily, at, 'replies', now),
    lastInboundAt: lastInbound.toISOString(),
    serviceWindowUntil: new Date(lastInbound.getTime() + SERVICE_WINDOW_MS).toISOString(),
    invalidNumber: null,
  });
}

/** Counts a purchase on its day. */
export function withPurchase(engagement: Engagement, at: Date, now: Date): Engagement {
  return { ...engagement, daily: counted(engagement.daily, at, 'purchases', now) };
}
