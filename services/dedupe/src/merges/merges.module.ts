import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates/candidates.module';
import { AutoMerger } from './auto-merger';
import { DedupeOutbox } from './dedupe-outbox';
import { MergeDecisionsService } from './merge-decisions.service';
import { MergePreviewService } from './merge-preview.service';
import { DedupeSettingsController, MergesController } from './merges.controller';

/** Merging candidates: the preview of the surviving contact, and the decision the contacts service applies. */
@Module({
  imports: [CandidatesModule],
  controllers: [MergesController, DedupeSettingsController],
  providers: [MergePreviewService, MergeDecisionsService, DedupeOutbox, AutoMerger],
})
export class MergesModule {}
