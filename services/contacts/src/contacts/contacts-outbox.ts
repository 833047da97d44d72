import { Inject, Injectable, Logger } from '@nestjs/common';
import { SETTINGS } from '@roster/http';
import { EventPublisher, OutboxRelayHost } from '@roster/messaging';
import { MetricsRegistry } from '@roster/observability';
import { ContactsSettings } from '../contacts.settings';
import { ContactsRepository } from './contacts.repository';

/** Publishes the events waiting in contact documents, then purges tombstones whose events are out. */
@Injectable()
export class ContactsOutbox extends OutboxRelayHost {
  constructor(contacts: ContactsRepository, publisher: EventPublisher, metrics: MetricsRegistry, @Inject(SETTINGS) settings: ContactsSettings) {
    const logger = new Logger(ContactsOutbox.name);
    super(ContactsOutbox.name, contacts.collection, publisher, metrics, settings, () => {
      void contacts.purgeTombstones().catch((error) => logger.warn(`tombstone purge failed: ${error.message}`));
    });
  }
}
