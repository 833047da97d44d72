import { Inject, Injectable } from '@nestjs/common';
import { SETTINGS } from '@roster/http';
import { EventPublisher, OutboxRelayHost } from '@roster/messaging';
import { MetricsRegistry } from '@roster/observability';
import { ImportsSettings } from '../imports.settings';
import { ImportsRepository } from './imports.repository';

/** Publishes ImportStarted/Completed/Failed recorded in import documents. */
@Injectable()
export class ImportsOutbox extends OutboxRelayHost {
  constructor(imports: ImportsRepository, publisher: EventPublisher, metrics: MetricsRegistry, @Inject(SETTINGS) settings: ImportsSettings) {
    super(ImportsOutbox.name, imports.collection, publisher, metrics, settings);
  }
}
