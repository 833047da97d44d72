import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { SETTINGS } from '@roster/http';
import { EventPublisher, OutboxRelayHost } from '@roster/messaging';
import { MetricsRegistry } from '@roster/observability';
import { ContactsSettings } from '../contacts.settings';
import { ContactsRepository } from './contacts.repository';

/** A purge starts this long after a contact is tombstoned, so its ContactDeleted event is out by then. */
const PURGE_DELAY_MS = 2_000;
/** Purges go on this long after the last tombstone, for those whose events took longer. */
const PURGE_GRACE_MS = 30_000;

/**
 * Publishes the events waiting in contact documents, and purges tombstones whose events are out.
 * The purge reads the whole collection (no backend index serves "deleted and published"), so it
 * runs only after contacts were deleted (and once at start-up), never per published batch.
 */
@Injectable()
export class ContactsOutbox extends OutboxRelayHost implements OnModuleInit, OnApplicationShutdown {
  private readonly purgeLogger = new Logger(ContactsOutbox.name);
  private purgeTimer?: NodeJS.Timeout;
  private lastTombstoneAt = 0;

  constructor(
    private readonly contacts: ContactsRepository,
    publisher: EventPublisher,
    metrics: MetricsRegistry,
    @Inject(SETTINGS) settings: ContactsSettings,
  ) {
    super(ContactsOutbox.name, contacts.collection, publisher, metrics, settings);
  }

  override onModuleInit(): void {
    super.onModuleInit();
    this.schedulePurge(PURGE_DELAY_MS);
  }

  override async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.purgeTimer);
    this.purgeTimer = undefined;
    await super.onApplicationShutdown();
  }

  /** A contact became a tombstone: purge it once its event is published. */
  tombstoned(): void {
    this.lastTombstoneAt = Date.now();
    this.schedulePurge(PURGE_DELAY_MS);
  }

  private schedulePurge(delayMs: number): void {
    if (this.purgeTimer) return;
    this.purgeTimer = setTimeout(() => void this.purge(), delayMs).unref();
  }

  private async purge(): Promise<void> {
    const startedAt = Date.now();
    await this.contacts.purgeTombstones().catch((error) => this.purgeLogger.warn(`tombstone purge failed: ${error.message}`));
    this.purgeTimer = undefined;
    if (startedAt < this.lastTombstoneAt + PURGE_GRACE_MS) this.schedulePurge(Math.max(PURGE_DELAY_MS, (Date.now() - startedAt) * 4));
  }
}
