import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { mongo } from 'mongoose';
import { ServiceSettings } from '@roster/config';
import { MetricsRegistry } from '@roster/observability';
import { EventPublisher } from '../event-publisher';
import { OutboxRelay } from './outbox-relay';

/**
 * Runs the outbox relay of one aggregate collection for as long as the service instance lives
 * (when OUTBOX_RELAY_ENABLED), logging through Nest and counting what it publishes. A service
 * subclasses it once per aggregate collection and injects what the constructor needs.
 */
export abstract class OutboxRelayHost implements OnModuleInit, OnApplicationShutdown {
  private readonly relay: OutboxRelay;

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
  }

  onModuleInit(): void {
    if (this.settings.OUTBOX_RELAY_ENABLED) this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
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
