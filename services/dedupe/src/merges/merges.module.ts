import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates/candidates.module';
import { MergePreviewService } from './merge-preview.service';
import { MergesController } from './merges.controller';

/** Merging candidates: the preview of the surviving contact. */
@Module({ imports: [CandidatesModule], controllers: [MergesController], providers: [MergePreviewService] })
export class MergesModule {}
