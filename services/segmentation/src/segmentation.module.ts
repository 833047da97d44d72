import { DynamicModule, Module } from '@nestjs/common';
import { ServicePlatformModule } from '@roster/http';

import { SegmentationSettings } from './segmentation.settings';

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
