import { Module } from '@nestjs/common';
import { consumerFreshnessProvider } from '@roster/http';
import { dedupeEventConsumer } from '../dedupe.consumer';
import { CandidateFinder } from './candidate-finder';
import { CandidatePairsFeed } from './candidate-pairs.feed';
import { CandidateGroupsService } from './candidate-groups.service';
import { BlocksRepository, DedupeContactsRepository, PairsRepository } from './candidates.repositories';
import { CandidatesController } from './candidates.controller';
import { ContactEventsConsumer } from './contact-events.consumer';
import { MergeDecisionsRepository } from '../merges/merge-decisions.repository';
import { DedupeSettings } from '../settings/dedupe-settings';

/** Finding duplicate candidates as contacts change, and reviewing them. */
@Module({
  controllers: [CandidatesController, ContactEventsConsumer],
  // Merge decisions are marked applied when their ContactsMerged event arrives with the other contact events.
  providers: [
    DedupeContactsRepository, BlocksRepository, PairsRepository, CandidateFinder, CandidateGroupsService, MergeDecisionsRepository, CandidatePairsFeed, DedupeSettings,
    consumerFreshnessProvider(dedupeEventConsumer),
  ],
  exports: [DedupeContactsRepository, PairsRepository, MergeDecisionsRepository, CandidateFinder, CandidatePairsFeed, DedupeSettings],
})
export class CandidatesModule {}
