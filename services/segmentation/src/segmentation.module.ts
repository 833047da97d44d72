import { DynamicModule, Module } from '@nestjs/common';
import { Topics } from '@roster/contracts';
import { EventConsumerOptions, ServicePlatformModule } from '@roster/http';

import { SegmentationSettings } from './segmentation.settings';

/** The events this service consumes, under its own consumer group. */
export const segmentationEventConsumer: EventConsumerOptions = { groupId: 'segmentation', topics: [Topics.Contacts] };

/** The segmentation service: the platform plus its capability modules. */
@Module({})
export class SegmentationServiceModule {
  static register(settings: SegmentationSettings): DynamicModule {
    return {
      module: SegmentationServiceModule,
      imports: [ServicePlatformModule.forRoot('segmentation', settings)],
    };
  }
}
