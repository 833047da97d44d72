import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { mongo } from 'mongoose';
import { ServiceSettings } from '@roster/config';
import { EventEnvelope, Lane } from '@roster/contracts';
import { MetricsRegistry } from '@roster/observability';
import { RequestCoalescer } from '@roster/persistence';
import { EventPublisher } from '../event-publisher';
import { BACKGROUND_SCAN_SHARE, OutboxRelay, endPendingWhereEmptied } from './outbox-relay';
import { storedEvent } from './outbox';

const BACKLOG_CHECK_MS = 30_000;

/** Events a write just left as a document's whole outbox, and the version that write gave it. */
export interface HandOver {
  _id: unknown;
  version: number;
  events: EventEnvelope[];
}

/**
 * Runs the outbox relay of one aggregate collection for as long as the service instance lives
 * (when OUTBOX_RELAY_ENABLED), logging through Nest and counting what it publishes. A service
 * subclasses it once per aggregate collection and injects what the constructor needs.
 */
export abstract class OutboxRelayHost implements OnModuleInit, OnApplicationShutdown {
  private readonly relay: OutboxRelay;
  private backlogTimer?: NodeJS.Timeout;
  private readonly reportBacklog: () => void;
  private readonly logger: Logger;
  private readonly countPublished: (count: number) => void;
  /** Hand-overs still publishing or clearing, awaited at shutdown. */
  private readonly handing = new Set<Promise<void>>();
  /** Documents with a hand-over under way here (by id, as text), and how many. */
  private readonly handedOver = new Map<string, number>();
  /** Documents named while handed over: the relay takes them once their hand-over ends. */
  private readonly deferred = new Map<string, unknown>();
  /** Hand-overs of writes made side by side are published in one send and cleared in one bulk write. */
  private readonly handOvers = new RequestCoalescer<HandOver, void>(async (writes) => {
    await this.publishAndClear(writes);
    return writes.map(() => undefined);
  });

  protected constructor(
    name: string,
    private readonly collection: mongo.Collection<mongo.Document>,
    private readonly publisher: EventPublisher,
    metrics: MetricsRegistry,
    private readonly settings: ServiceSettings,
    onPublished?: (count: number) => void,
  ) {
    this.logger = new Logger(name);
    this.countPublished = (count) => {
      metrics.eventsPublished.inc(count);
      onPublished?.(count);
    };
    this.relay = new OutboxRelay(collection, publisher, {
      intervalMs: settings.OUTBOX_RELAY_INTERVAL_MS,
      log: (level, message, extra) => this.logger[level === 'info' ? 'log' : level]({ ...extra }, message),
      onPublished: this.countPublished,
    });
    // Counted on a timer rather than per scrape, and spaced out when counting is slow: on a backend
    // without the index it is a scan.
    this.reportBacklog = () => {
      const began = Date.now();
      this.relay.pendingDocuments().then(
        (pending) => metrics.outboxPending.set({ collection: collection.collectionName }, pending),
        (error) => this.logger.warn({ error: (error as Error).message }, 'outbox backlog count failed'),
      ).finally(() => {
        if (this.backlogTimer) this.backlogTimer = setTimeout(this.reportBacklog, Math.max(BACKLOG_CHECK_MS, (Date.now() - began) / BACKGROUND_SCAN_SHARE)).unref();
      });
    };
  }

  onModuleInit(): void {
    if (!this.settings.OUTBOX_RELAY_ENABLED) return;
    this.relay.start();
    this.backlogTimer = setTimeout(this.reportBacklog, BACKLOG_CHECK_MS).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.backlogTimer);
    this.backlogTimer = undefined;
    await Promise.all(this.handing);
    await this.relay.stop();
  }

  /**
   * Events were written into these documents: publish them now (a sweep, without ids). A document
   * whose earlier events are being handed over waits for that: the relay would publish those again,
   * and possibly ahead of the hand-over's copy.
   */
  nudge(ids?: readonly unknown[], lane?: Lane): void {
    if (ids === undefined) return this.relay.nudge();
    const now: unknown[] = [];
    for (const id of ids) {
      if (this.handedOver.has(String(id))) this.deferred.set(String(id), id);
      else now.push(id);
    }
    if (now.length > 0) this.relay.nudge(now, lane);
  }

  /**
   * Publishes events its caller has just written into a document whose outbox held nothing else,
   * so that the caller's next write of that document clears them: two fewer writes than the relay
   * needs (claim, read, clear). False when they must stay for the relay: this instance does not
   * relay, or Kafka refused them. A crash before the clear publishes them again (at least once).
   */
  async publishWritten(events: readonly EventEnvelope[]): Promise<boolean> {
    if (!this.settings.OUTBOX_RELAY_ENABLED || events.length === 0) return false;
    try {
      await this.publisher.publish(events);
    } catch (error) {
      this.logger.warn({ error: (error as Error).message }, 'publishing written events failed; the relay will retry');
      return false;
    }
    this.countPublished(events.length);
    return true;
  }

  /**
   * For writes that have just left `events` as their documents' whole outboxes (nothing was pending
   * before them): publishes the events and clears those outboxes in the background, each clear only
   * while the document is still at the version its write left. Anything not cleared (written since,
   * or Kafka refused) is named to the relay, which publishes it again.
   */
  handOver(writes: readonly HandOver[]): void {
    if (writes.length === 0) return;
    const keys = writes.map((w) => String(w._id));
    for (const key of keys) this.handedOver.set(key, (this.handedOver.get(key) ?? 0) + 1);
    const task: Promise<void> = Promise.all(writes.map((write) => this.handOvers.request(write))).then(() => undefined).finally(() => {
      this.handing.delete(task);
      const due: unknown[] = [];
      for (const key of keys) {
        const left = this.handedOver.get(key)! - 1;
        if (left > 0) {
          this.handedOver.set(key, left);
          continue;
        }
        this.handedOver.delete(key);
        if (this.deferred.has(key)) due.push(this.deferred.get(key));
        this.deferred.delete(key);
      }
      if (due.length > 0) this.relay.nudge(due);
    });
    this.handing.add(task);
  }

  private async publishAndClear(writes: readonly HandOver[]): Promise<void> {
    const ids = writes.map((w) => w._id);
    try {
      if (!(await this.publishWritten(writes.flatMap((w) => w.events)))) return this.nudge(ids);
      const cleared = await this.collection.bulkWrite(
        writes.map((w) => ({ updateOne: { filter: { _id: w._id as never, version: w.version }, update: { $set: { outbox: [] }, $unset: { outboxPendingSince: '' } } } })),
        { ordered: false },
      );
      if (cleared.matchedCount < writes.length) await this.takeOut(await this.writtenSince(writes));
    } catch (error) {
      this.logger.warn({ error: (error as Error).message }, 'clearing published events failed; the relay takes them');
      this.nudge(ids);
    }
  }

  /** The hand-overs whose documents have been written since (so their clear did not match). */
  private async writtenSince(writes: readonly HandOver[]): Promise<HandOver[]> {
    const current = await this.collection.find({ _id: { $in: writes.map((w) => w._id) as never[] } }, { projection: { version: 1 } }).toArray();
    const versions = new Map(current.map((doc) => [String(doc._id), doc.version]));
    return writes.filter((w) => versions.get(String(w._id)) !== w.version);
  }

  /**
   * Documents written since their hand-over hold its events and later ones: exactly the published
   * ones go (as the relay's own clear does), and the relay takes what is left.
   */
  private async takeOut(writes: readonly HandOver[]): Promise<void> {
    if (writes.length === 0) return;
    const ids = writes.map((w) => w._id as never);
    await this.collection.bulkWrite(
      writes.map((w) => ({ updateOne: { filter: { _id: w._id as never }, update: { $pullAll: { outbox: w.events.map(storedEvent) as never } } } })),
      { ordered: false },
    );
    await endPendingWhereEmptied(this.collection, ids);
    this.nudge(ids);
  }

  pending(): Promise<number> {
    return this.relay.pendingDocuments();
  }
}
