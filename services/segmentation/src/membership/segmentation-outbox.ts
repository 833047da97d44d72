import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { SETTINGS } from '@roster/http';
import { EventPublisher, OutboxRelay } from '@roster/messaging';
import { MetricsRegistry } from '@roster/observability';
import { SegmentationSettings } from '../segmentation.settings';
import { ContactProjectionsRepository } from './contact-projections.repository';

/** Publishes the membership events waiting in contact projections. */
@Injectable()
export class SegmentationOutbox implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SegmentationOutbox.name);
  private readonly relay: OutboxRelay;

  constructor(
    projections: ContactProjectionsRepository,
    publisher: EventPublisher,
    metrics: MetricsRegistry,
    @Inject(SETTINGS) private readonly settings: SegmentationSettings,
  ) {
    this.relay = new OutboxRelay(projections.collection, publisher, {
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

  /** Events were written into these projections: publish them now. */
  nudge(ids: readonly string[]): void {
    this.relay.nudge(ids);
  }
}
