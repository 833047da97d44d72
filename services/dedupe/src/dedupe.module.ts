import { DynamicModule, Module } from '@nestjs/common';
import { Topics, withBulkLane } from '@roster/contracts';
import { EventConsumerOptions, ServicePlatformModule } from '@roster/http';

import { CandidatesModule } from './candidates/candidates.module';
import { DedupeSettings } from './dedupe.settings';
import { MergesModule } from './merges/merges.module';
import { ScansModule } from './scans/scans.module';
import openApiMetadata from './openapi-metadata';

/** The events this service consumes, under its own consumer group. */
/**
 * The finder keeps each contact's version and skips an event that is not newer, and its writes are
 * version-checked or commute, so different contacts' events are handled side by side (and their
 * reads and writes coalesced into one request each).
 */
export const dedupeEventConsumer: EventConsumerOptions = { groupId: 'dedupe', topics: withBulkLane(Topics.Contacts), handlersSkipReplays: true, keyConcurrency: 64 };

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
