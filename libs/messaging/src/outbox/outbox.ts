import { Schema, UpdateQuery } from 'mongoose';
import { EventEnvelope } from '@roster/contracts';

/**
 * Transactional outbox without multi-document transactions: the events to publish are written
 * into the aggregate's own document in the same atomic update as the state change, and a relay
 * publishes and then removes them.
 */
/**
 * An event as it sits in an outbox: its JSON text. Event data may be keyed by data (`custom.<key>`
 * field choices) that a document's field names cannot hold; text holds any event, and compares
 * exactly for the clears. Outboxes written before hold events as objects, and are read alike.
 */
export type StoredEvent = string;
export const storedEvent = (event: EventEnvelope): StoredEvent => JSON.stringify(event);
export const eventOf = (stored: StoredEvent | EventEnvelope): EventEnvelope => (typeof stored === 'string' ? JSON.parse(stored) : stored);

export interface OutboxFields {
  outbox?: Array<StoredEvent | EventEnvelope>;
  outboxPendingSince?: Date;
  outboxLeaseToken?: string;
  outboxLeaseUntil?: Date;
}

export function addOutbox(schema: Schema): void {
  schema.add({
    outbox: { type: [Schema.Types.Mixed], default: undefined, select: false },
    outboxPendingSince: { type: Date, select: false },
    outboxLeaseToken: { type: String, select: false },
    outboxLeaseUntil: { type: Date, select: false },
  });
  // A relay-wide index (not tenant-first): the relay serves every tenant.
  schema.index({ outboxPendingSince: 1 });
}

/** Fields for a new aggregate document whose creation emits `events`. */
export function outboxOnInsert(events: EventEnvelope[]): { outbox: StoredEvent[]; outboxPendingSince: Date } {
  return { outbox: events.map(storedEvent), outboxPendingSince: new Date() };
}

/** Merges the outbox append into an update, keeping the caller's other operators. */
export function withOutbox<T>(update: UpdateQuery<T>, events: EventEnvelope[]): UpdateQuery<T> {
  const merged = { ...update } as Record<string, Record<string, unknown>>;
  merged.$push = { ...(merged.$push ?? {}), outbox: { $each: events.map(storedEvent) } };
  merged.$min = { ...(merged.$min ?? {}), outboxPendingSince: new Date() };
  return merged as UpdateQuery<T>;
}
