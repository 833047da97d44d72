import { DynamicModule, Global, Module } from '@nestjs/common';
import { ServicePlatformModule } from '@roster/http';
import { CLOCK, Clock, systemClock } from './clock';
import { SegmentsModule } from './segments/segments.module';
import { SegmentationSettings } from './segmentation.settings';
import openApiMetadata from './openapi-metadata';

export { segmentationEventConsumer } from './segmentation.consumer';

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
