import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { SETTINGS } from '@roster/http';
import { EventPublisher, OutboxRelay } from '@roster/messaging';
import { MetricsRegistry } from '@roster/observability';
import { ImportsSettings } from '../imports.settings';
import { ImportsRepository } from './imports.repository';

/** Publishes ImportStarted/Completed/Failed recorded in import documents. */
@Injectable()
export class ImportsOutbox implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ImportsOutbox.name);
  private readonly relay: OutboxRelay;

  constructor(imports: ImportsRepository, publisher: EventPublisher, metrics: MetricsRegistry, @Inject(SETTINGS) private readonly settings: ImportsSettings) {
    this.relay = new OutboxRelay(imports.collection, publisher, {
      intervalMs: settings.OUTBOX_RELAY_INTERVAL_MS,
      log: (level, message, extra) => this.logger[level === 'info' ? 'log' : level]({ ...extra }, message),
      onPublished: (count) => metrics.eventsPublished.inc(count),
    });
  }

  onModuleInit(): void {
    if (this.settings.OUTBOX_RELAY_ENABLED) this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
