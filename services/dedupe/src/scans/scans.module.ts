import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates/candidates.module';
import { ScansController } from './scans.controller';
import { ScansRepository } from './scans.repository';
import { TenantScanner } from './tenant-scanner';
import { PairsVerifier } from './pairs-verifier';
import { PairsVerifyController } from './verify.controller';

/** Full scans of a tenant, in the background, with progress; and the check of stored pairs against one. */
@Module({ imports: [CandidatesModule], controllers: [ScansController, PairsVerifyController], providers: [ScansRepository, TenantScanner, PairsVerifier] })
export class ScansModule {}
