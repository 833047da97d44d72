import { Module } from '@nestjs/common';
import { CandidateFinder } from './candidate-finder';
import { CandidateGroupsService } from './candidate-groups.service';
import { BlocksRepository, DedupeContactsRepository, PairsRepository } from './candidates.repositories';
import { CandidatesController } from './candidates.controller';
import { ContactEventsConsumer } from './contact-events.consumer';

/** Finding duplicate candidates as contacts change, and reviewing them. */
@Module({
  controllers: [CandidatesController, ContactEventsConsumer],
  providers: [DedupeContactsRepository, BlocksRepository, PairsRepository, CandidateFinder, CandidateGroupsService],
  exports: [DedupeContactsRepository],
})
export class CandidatesModule {}
