import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { SETTINGS } from '@roster/http';
import { EventPublisher, OutboxRelay } from '@roster/messaging';
import { MetricsRegistry } from '@roster/observability';
import { ContactsSettings } from '../contacts.settings';
import { ContactsRepository } from './contacts.repository';

/** Publishes the events waiting in contact documents, then purges tombstones whose events are out. */
@Injectable()
export class ContactsOutbox implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ContactsOutbox.name);
  private readonly relay: OutboxRelay;

  constructor(
    private readonly contacts: ContactsRepository,
    publisher: EventPublisher,
    metrics: MetricsRegistry,
    @Inject(SETTINGS) private readonly settings: ContactsSettings,
  ) {
    this.relay = new OutboxRelay(contacts.collection, publisher, {
      intervalMs: settings.OUTBOX_RELAY_INTERVAL_MS,
      log: (level, message, extra) => this.logger[level === 'info' ? 'log' : level]({ ...extra }, message),
      onPublished: (count) => {
        metrics.eventsPublished.inc(count);
        void this.contacts.purgeTombstones().catch((error) => this.logger.warn(`tombstone purge failed: ${error.message}`));
      },
    });
  }

  onModuleInit(): void {
    if (this.settings.OUTBOX_RELAY_ENABLED) this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }

  /** Events were written into these contacts: publish them now. */
  nudge(ids?: readonly unknown[]): void {
    this.relay.nudge(ids);
  }

  pending(): Promise<number> {
    return this.relay.pendingDocuments();
  }
}
