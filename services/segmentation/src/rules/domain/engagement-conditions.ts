import { Engagement } from '@roster/contracts';
import { SegmentContact } from './segment-contact';

/** `{ last, atLeast?, atMost? }`: of the contact's last `last` outbound messages, how many had the outcome. */
export interface OfLast {
  last: number;
  atLeast?: number;
  atMost?: number;
}

/** `{ amount, unit, atLeast?, atMost? }`: how many in the last `amount` days or weeks (whole UTC days, today included). */
export interface InLast {
  amount: number;
  unit: 'days' | 'weeks';
  atLeast?: number;
  atMost?: number;
}

export const OF_LAST_MAX = 50;
/** Days of daily counts the contacts service keeps. */
export const IN_LAST_MAX_DAYS = 90;
const DAY_MS = 86_400_000;

type Recent = Engagement['recent'][number];
type Daily = Engagement['daily'][number];

/** Outcomes an "of the last N messages" condition counts. */
export const OUTCOME_OF: Readonly<Record<string, (m: Recent) => boolean>> = {
  'messages.read': (m) => m.status === 'read',
  'messages.delivered': (m) => m.status === 'delivered' || m.status === 'read',
  'messages.replied': (m) => m.replied,
  'messages.failed': (m) => m.status === 'failed',
};

/** Counts an "in the last N days" condition adds up. */
export const COUNT_OF: Readonly<Record<string, keyof Omit<Daily, 'day'>>> = {
  'counts.messagesReceived': 'received',
  'counts.messagesRead': 'read',
  'counts.replies': 'replies',
  'counts.purchases': 'purchases',
};

const within = (count: number, bounds: { atLeast?: number; atMost?: number }) =>
  (bounds.atLeast === undefined || count >= bounds.atLeast) && (bounds.atMost === undefined || count <= bounds.atMost);

/** Holds only for a contact with at least `last` outbound messages: "no reply to the last 5" needs 5 messages. */
export function ofLastHolds(field: string, contact: SegmentContact, value: OfLast): boolean {
  const recent = contact.engagement?.recent ?? [];
  if (recent.length < value.last) return false;
  return within(recent.slice(0, value.last).filter(OUTCOME_OF[field]).length, value);
}

const spanDays = (value: InLast) => value.amount * (value.unit === 'weeks' ? 7 : 1);
const dayStart = (day: string) => Date.parse(`${day}T00:00:00.000Z`);
/** The first day inside the window at `now`. */
const firstDay = (value: InLast, now: number) => new Date(now - (spanDays(value) - 1) * DAY_MS).toISOString().slice(0, 10);

export function inLastHolds(field: string, contact: SegmentContact, value: InLast, now: number): boolean {
  const from = firstDay(value, now);
  const today = new Date(now).toISOString().slice(0, 10);
  const count = (contact.engagement?.daily ?? []).filter((d) => d.day >= from && d.day <= today).reduce((sum, d) => sum + d[COUNT_OF[field]], 0);
  return within(count, value);
}

/** When counted days leave the window (at the start of the day after their last one in it), or future days enter it. */
export function inLastBoundaries(field: string, contact: SegmentContact, value: InLast): number[] {
  return (contact.engagement?.daily ?? []).filter((d) => d[COUNT_OF[field]] > 0).flatMap((d) => [dayStart(d.day), dayStart(d.day) + spanDays(value) * DAY_MS]);
}

/** The WhatsApp customer-service window is open until 24 hours after the last inbound message. */
export function serviceWindowOpen(contact: SegmentContact, now: number): boolean {
  const until = contact.engagement?.serviceWindowUntil;
  return until !== null && until !== undefined && now < Date.parse(until);
}

export function serviceWindowBoundaries(contact: SegmentContact): number[] {
  const until = contact.engagement?.serviceWindowUntil;
  return until ? [Date.parse(until)] : [];
}
