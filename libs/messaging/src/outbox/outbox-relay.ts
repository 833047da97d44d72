import { randomUUID } from 'node:crypto';
import { mongo } from 'mongoose';
import { EventEnvelope, Lane, validateEvent } from '@roster/contracts';
import { EventPublisher } from '../event-publisher';
import { OutboxFields, eventOf, storedEvent } from './outbox';

export interface OutboxRelayOptions {
  /** Documents claimed per round. */
  batchSize?: number;
  /** Interval of the sweep for pending events nobody named (a writer that died before nudging). */
  intervalMs?: number;
  /** How long a claim lasts; a relay that dies loses its claim after this. */
  leaseMs?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string, extra?: object) => void;
  onPublished?: (count: number) => void;
}

/** Beyond this many named documents a nudge asks for a sweep instead. */
const MAX_HINTED = 10_000;
/**
 * Background queries for pending documents (the sweep, a safety net; the backlog count, a metric)
 * may take at most this share of the time: where they are scans (a backend without the index),
 * they space out as the collection grows.
 */
export const BACKGROUND_SCAN_SHARE = 0.05;

/**
 * Documents whose outbox an exact clear (`$pullAll` of what was published) left empty stop being
 * pending; one that got later events meanwhile stays pending.
 */
export async function endPendingWhereEmptied(collection: mongo.Collection<mongo.Document>, ids: readonly unknown[]): Promise<void> {
  await collection.updateMany({ _id: { $in: ids as never[] }, outbox: { $size: 0 }, outboxPendingSince: { $exists: true } }, { $unset: { outboxPendingSince: '' } });
}

const claimableAt = (now: Date) => ({ $or: [{ outboxLeaseUntil: { $exists: false } }, { outboxLeaseUntil: { $lt: now } }] });

type OutboxDocument = mongo.Document & OutboxFields & { _id: unknown; outboxRejected?: unknown[] };

/**
 * Publishes the events pending in an aggregate collection's documents, then clears them.
 * Several relays (one per service instance) may run: each claims documents with a lease.
 * Delivery is at least once: a relay that dies after publishing and before clearing leaves
 * its events to be published again, and consumers skip them by `sequence`.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly intervalMs: number;
  private readonly leaseMs: number;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private nudged = false;
  private nextSweep = 0;
  /** A nudge without ids asked for a sweep that includes documents just written. */
  private sweepFresh = false;
  /** How long the last query for pending documents took. */
  private lastScanMs = 0;
  /**
   * Documents a writer just gave events: claimed by primary key, with no query for pending ones.
   * Those of bulk work wait while any of a person's edits are named.
   */
  private readonly hinted = new Set<unknown>();
  private readonly hintedBulk = new Set<unknown>();

  private readonly collection: mongo.Collection<OutboxDocument>;

  constructor(
    /** The aggregate collection, e.g. a mongoose model's `.collection`. */
    collection: mongo.Collection<mongo.Document>,
    private readonly publisher: EventPublisher,
    private readonly options: OutboxRelayOptions = {},
  ) {
    this.collection = collection as unknown as mongo.Collection<OutboxDocument>;
    this.batchSize = options.batchSize ?? 200;
    this.intervalMs = options.intervalMs ?? 500;
    this.leaseMs = options.leaseMs ?? 30_000;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /**
   * Called after a write that added events, so they leave at once: with the documents' ids they are
   * claimed by primary key; without, a sweep runs now.
   */
  nudge(ids?: readonly unknown[], lane: Lane = 'interactive'): void {
    const hinted = lane === 'bulk' ? this.hintedBulk : this.hinted;
    if (ids === undefined || hinted.size + ids.length > MAX_HINTED) {
      this.nextSweep = 0;
      this.sweepFresh = true;
    } else for (const id of ids) hinted.add(id);
    this.nudged = true;
    this.wake?.();
  }

  async pendingDocuments(): Promise<number> {
    return this.collection.countDocuments({ outboxPendingSince: { $lte: new Date() } });
  }

  /** Drains until nothing is pending; returns how many events were published. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.relayOnce();
      if (published < 0) return total;
      total += published;
    }
  }

  /**
   * The safety net for events no nudge named (their writer died first): documents pending for
   * longer than the interval (or any, when a nudge asked for a sweep), round after round while
   * rounds come back full. Fresh ones are left to their writers' nudges, so a busy collection is
   * not scanned over and over.
   */
  private async sweep(fresh: boolean): Promise<void> {
    for (;;) {
      const ids = await this.pendingIds(new Date(Date.now() - (fresh ? 0 : this.intervalMs)));
      if (ids.length > 0) await this.relayOnce(ids);
      if (ids.length < this.batchSize || !this.running) return;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        this.nudged = false;
        for (let hinted = this.nextHinted(); hinted; hinted = this.nextHinted()) {
          const ids = [...hinted].slice(0, this.batchSize);
          ids.forEach((id) => hinted.delete(id));
          await this.relayOnce(ids);
        }
        if (Date.now() >= this.nextSweep) {
          this.nextSweep = Date.now() + this.intervalMs;
          const fresh = this.sweepFresh;
          this.sweepFresh = false;
          await this.sweep(fresh);
          // Not when a nudge asked for another sweep meanwhile.
          if (this.nextSweep !== 0) this.nextSweep = Math.max(this.nextSweep, Date.now() + this.lastScanMs / BACKGROUND_SCAN_SHARE);
        }
      } catch (error) {
        this.options.log?.('error', 'outbox relay round failed', { error: (error as Error).message });
      }
      if (!this.running || this.nudged) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, this.nextSweep - Date.now()));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /** Where the next round's documents come from: edits first, then bulk work, one round at a time. */
  private nextHinted(): Set<unknown> | undefined {
    if (this.hinted.size > 0) return this.hinted;
    return this.hintedBulk.size > 0 ? this.hintedBulk : undefined;
  }

  /** One claim-publish-clear round, of the given documents or of pending ones. Returns -1 when nothing was pending. */
  private async relayOnce(hinted?: unknown[]): Promise<number> {
    const now = new Date();
    const claimable = claimableAt(now);
    const ids: never[] = (hinted as never[] | undefined) ?? (await this.pendingIds(now));
    if (ids.length === 0) return -1;

    const token = randomUUID();
    await this.collection.updateMany(
      { _id: { $in: ids }, outboxPendingSince: { $lte: now }, ...claimable },
      { $set: { outboxLeaseToken: token, outboxLeaseUntil: new Date(Date.now() + this.leaseMs) } },
    );
    const claimed = await this.collection
      .find({ _id: { $in: ids }, outboxLeaseToken: token }, { projection: { outbox: 1 } })
      .toArray();
    if (claimed.length === 0) return 0; // another relay won them all

    const { valid, rejected } = this.partition(claimed);
    try {
      await this.publisher.publish(valid);
    } catch (error) {
      await this.collection.updateMany({ _id: { $in: ids }, outboxLeaseToken: token }, { $unset: { outboxLeaseToken: '', outboxLeaseUntil: '' } });
      throw error;
    }

    await this.clear(claimed, token, rejected);
    this.options.onPublished?.(valid.length);
    return valid.length;
  }

  /** Takes the published events out of their documents and ends the claim. */
  private async clear(claimed: OutboxDocument[], token: string, rejected: Map<unknown, unknown[]>): Promise<void> {
    const lease = { outboxLeaseToken: '', outboxLeaseUntil: '' };
    const updates = (filter: (doc: OutboxDocument) => mongo.Document, update: (doc: OutboxDocument) => mongo.Document) =>
      (this.collection as unknown as mongo.Collection).bulkWrite(
        claimed.map((doc) => {
          const parked: mongo.Document = rejected.has(doc._id) ? { $push: { outboxRejected: { $each: rejected.get(doc._id)! } } } : {};
          return { updateOne: { filter: { _id: doc._id as never, outboxLeaseToken: token, ...filter(doc) }, update: { ...update(doc), ...parked } } };
        }),
        { ordered: false },
      );
    // Usually the outbox is still exactly what was claimed: then the document is done in one write.
    const whole = await updates((doc) => ({ outbox: doc.outbox ?? [] }), () => ({ $set: { outbox: [] }, $unset: { ...lease, outboxPendingSince: '' } }));
    if (whole.matchedCount === claimed.length) return;
    // Those still claimed had events added (or their outbox replaced, as an erasure does) meanwhile:
    // exactly the published ones go, the rest stay.
    await updates(() => ({}), (doc) => ({ $pullAll: { outbox: doc.outbox ?? [] }, $unset: lease }));
    await endPendingWhereEmptied(this.collection as unknown as mongo.Collection, claimed.map((d) => d._id));
  }

  /** Unclaimed documents with events pending since `since` or earlier, oldest first. */
  private async pendingIds(since: Date): Promise<never[]> {
    const began = Date.now();
    const pending = await this.collection
      .find({ outboxPendingSince: { $lte: since }, ...claimableAt(new Date()) }, { projection: { _id: 1 } })
      .sort({ outboxPendingSince: 1 })
      .limit(this.batchSize)
      .toArray();
    this.lastScanMs = Date.now() - began;
    return pending.map((c) => c._id as never);
  }

  /** An event that fails its contract would block its aggregate forever: park it, loudly. */
  private partition(docs: OutboxDocument[]) {
    const valid: EventEnvelope[] = [];
    const rejected = new Map<unknown, Array<{ event: string; reason: string }>>();
    for (const doc of docs) {
      for (const event of (doc.outbox ?? []).map(eventOf)) {
        const check = validateEvent(event);
        if (check.ok) {
          valid.push(event);
          continue;
        }
        this.options.log?.('error', 'outbox event violates its contract; parked in outboxRejected', { eventId: event.id, reason: check.reason });
        rejected.set(doc._id, [...(rejected.get(doc._id) ?? []), { event: storedEvent(event), reason: check.reason }]);
      }
    }
    return { valid, rejected };
  }
}
