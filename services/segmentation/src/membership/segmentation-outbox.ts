import { Inject, Injectable } from '@nestjs/common';
import { SETTINGS } from '@roster/http';
import { EventPublisher, OutboxRelayHost } from '@roster/messaging';
import { MetricsRegistry } from '@roster/observability';
import { SegmentationSettings } from '../segmentation.settings';
import { ContactProjectionsRepository } from './contact-projections.repository';

/** Publishes the membership events waiting in contact projections. */
@Injectable()
export class SegmentationOutbox extends OutboxRelayHost {
  constructor(projections: ContactProjectionsRepository, publisher: EventPublisher, metrics: MetricsRegistry, @Inject(SETTINGS) settings: SegmentationSettings) {
    super(SegmentationOutbox.name, projections.collection, publisher, metrics, settings);
  }
}
