import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates/candidates.module';
import { ScansController } from './scans.controller';
import { ScansRepository } from './scans.repository';
import { TenantScanner } from './tenant-scanner';

/** Full scans of a tenant, in the background, with progress. */
@Module({ imports: [CandidatesModule], controllers: [ScansController], providers: [ScansRepository, TenantScanner] })
export class ScansModule {}
