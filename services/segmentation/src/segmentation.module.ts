import { DynamicModule, Global, Module } from '@nestjs/common';
import { Topics, withBulkLane } from '@roster/contracts';
import { EventConsumerOptions, ServicePlatformModule } from '@roster/http';
import { CLOCK, Clock, systemClock } from './clock';
import { SegmentsModule } from './segments/segments.module';
import { SegmentationSettings } from './segmentation.settings';
import openApiMetadata from './openapi-metadata';

/**
 * The events this service consumes, under its own consumer group. The contact projection's version
 * check skips replays (ContactEventsConsumer), and each contact's writes are conditional, so
 * different contacts' events are handled side by side.
 */
export const segmentationEventConsumer: EventConsumerOptions = { groupId: 'segmentation', topics: withBulkLane(Topics.Contacts), handlersSkipReplays: true, keyConcurrency: 64 };

@Global()
@Module({})
class ClockModule {
  static with(clock: Clock): DynamicModule {
    return { module: ClockModule, providers: [{ provide: CLOCK, useValue: clock }], exports: [CLOCK] };
  }
}

/** The segmentation service: the platform plus its capability modules. */
@Module({})
export class SegmentationServiceModule {
  static register(settings: SegmentationSettings, options: { clock?: Clock } = {}): DynamicModule {
    return {
      module: SegmentationServiceModule,
      imports: [ServicePlatformModule.forRoot('segmentation', settings, openApiMetadata), ClockModule.with(options.clock ?? systemClock), SegmentsModule],
    };
  }
}
