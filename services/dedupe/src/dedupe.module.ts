import { DynamicModule, Module } from '@nestjs/common';
import { Topics, withBulkLane } from '@roster/contracts';
import { EventConsumerOptions, ServicePlatformModule } from '@roster/http';

import { CandidatesModule } from './candidates/candidates.module';
import { DedupeSettings } from './dedupe.settings';
import { MergesModule } from './merges/merges.module';
import { ScansModule } from './scans/scans.module';
import openApiMetadata from './openapi-metadata';

export { dedupeEventConsumer } from './dedupe.consumer';

/** The dedupe service: the platform plus its capability modules. */
@Module({})
export class DedupeServiceModule {
  static register(settings: DedupeSettings): DynamicModule {
    return {
      module: DedupeServiceModule,
      imports: [ServicePlatformModule.forRoot('dedupe', settings, openApiMetadata), CandidatesModule, MergesModule, ScansModule],
    };
  }
}
