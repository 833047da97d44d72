import { DynamicModule, Module } from '@nestjs/common';
import { ServicePlatformModule } from '@roster/http';

import { DedupeSettings } from './dedupe.settings';

/** The dedupe service: the platform plus its capability modules. */
@Module({})
export class DedupeServiceModule {
  static register(settings: DedupeSettings): DynamicModule {
    return {
      module: DedupeServiceModule,
      imports: [ServicePlatformModule.forRoot('dedupe', settings)],
    };
  }
}
