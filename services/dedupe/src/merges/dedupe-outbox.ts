import { Inject, Injectable } from '@nestjs/common';
import { SETTINGS } from '@roster/http';
import { EventPublisher, OutboxRelayHost } from '@roster/messaging';
import { MetricsRegistry } from '@roster/observability';
import { DedupeSettings } from '../dedupe.settings';
import { MergeDecisionsRepository } from './merge-decisions.repository';

/** Publishes the MergeDecided events waiting in decision documents. */
@Injectable()
export class DedupeOutbox extends OutboxRelayHost {
  constructor(decisions: MergeDecisionsRepository, publisher: EventPublisher, metrics: MetricsRegistry, @Inject(SETTINGS) settings: DedupeSettings) {
    super(DedupeOutbox.name, decisions.collection, publisher, metrics, settings);
  }
}
