import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { mongo } from 'mongoose';
import { ServiceSettings } from '@roster/config';
import { MetricsRegistry } from '@roster/observability';
import { EventPublisher } from '../event-publisher';
import { BACKGROUND_SCAN_SHARE, OutboxRelay } from './outbox-relay';

const BACKLOG_CHECK_MS = 30_000;

/**
 * Runs the outbox relay of one aggregate collection for as long as the service instance lives
 * (when OUTBOX_RELAY_ENABLED), logging through Nest and counting what it publishes. A service
 * subclasses it once per aggregate collection and injects what the constructor needs.
 */
export abstract class OutboxRelayHost implements OnModuleInit, OnApplicationShutdown {
  private readonly relay: OutboxRelay;
  private backlogTimer?: NodeJS.Timeout;
  private readonly reportBacklog: () => void;

  protected constructor(
    name: string,
    collection: mongo.Collection<mongo.Document>,
    publisher: EventPublisher,
    metrics: MetricsRegistry,
    private readonly settings: ServiceSettings,
    onPublished?: (count: number) => void,
  ) {
    const logger = new Logger(name);
    this.relay = new OutboxRelay(collection, publisher, {
      intervalMs: settings.OUTBOX_RELAY_INTERVAL_MS,
      log: (level, message, extra) => logger[level === 'info' ? 'log' : level]({ ...extra }, message),
      onPublished: (count) => {
        metrics.eventsPublished.inc(count);
        onPublished?.(count);
      },
    });
    // Counted on a timer rather than per scrape, and spaced out when counting is slow: on a backend
    // without the index it is a scan.
    this.reportBacklog = () => {
      const began = Date.now();
      this.relay.pendingDocuments().then(
        (pending) => metrics.outboxPending.set({ collection: collection.collectionName }, pending),
        (error) => logger.warn({ error: (error as Error).message }, 'outbox backlog count failed'),
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
    await this.relay.stop();
  }

  /** Events were written into these documents: publish them now (a sweep, without ids). */
  nudge(ids?: readonly unknown[]): void {
    this.relay.nudge(ids);
  }

  pending(): Promise<number> {
    return this.relay.pendingDocuments();
  }
}
