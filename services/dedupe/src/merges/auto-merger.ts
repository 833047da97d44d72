import { HttpStatus, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ProblemException } from '@roster/http';
import { CandidatePairsFeed, FoundPairs } from '../candidates/candidate-pairs.feed';
import { DedupeContactsRepository } from '../candidates/candidates.repositories';
import { AUTO_MERGE_POLICIES, autoMergeApplies } from '../matching/domain/auto-merge-policy';
import { DedupeSettings } from '../settings/dedupe-settings';
import { MergeDecisionsService } from './merge-decisions.service';

/**
 * The tenant's auto-merge policies: a changed contact's new candidate pairs that fall under one
 * are merged at once, decided and recorded like a manual merge (decidedBy `policy:<name>`).
 * Only a pair whose two contacts have no other candidate is merged, so a policy never chains.
 */
@Injectable()
export class AutoMerger implements OnModuleInit {
  private readonly logger = new Logger(AutoMerger.name);

  constructor(
    private readonly feed: CandidatePairsFeed,
    private readonly settings: DedupeSettings,
    private readonly contacts: DedupeContactsRepository,
    private readonly decisions: MergeDecisionsService,
  ) {}

  onModuleInit(): void {
    this.feed.subscribe((pairs) => this.consider(pairs));
  }

  private async consider({ tenantId, contact, found }: FoundPairs): Promise<void> {
    if (found.size !== 1) return;
    const enabled = (await this.settings.of(tenantId)).autoMerge;
    if (enabled.length === 0) return;
    const [[otherId, { score }]] = [...found];
    const policy = AUTO_MERGE_POLICIES.find((p) => enabled.includes(p) && autoMergeApplies(p, score));
    if (!policy) return;
    const [mine, theirs] = await this.contacts.many(tenantId, [contact.id, otherId]).then((rs) => [rs.find((r) => r.contactId === contact.id), rs.find((r) => r.contactId === otherId)]);
    if (!mine || !theirs || theirs.partners.some((id) => id !== contact.id)) return;
    let outcome;
    try {
      outcome = await this.decisions.decide(tenantId, `policy:${policy}`, {
        contactIds: [contact.id, otherId],
        expectedVersions: { [contact.id]: mine.version, [otherId]: theirs.version },
      });
    } catch (error) {
      // Changed or being merged meanwhile: the next event of these contacts brings the pair back.
      if (error instanceof ProblemException && [HttpStatus.CONFLICT, HttpStatus.NOT_FOUND].includes(error.getStatus())) return;
      throw error;
    }
    const { decision, created } = outcome;
    if (created) this.logger.log({ tenantId, decisionId: decision._id, policy, contactIds: [contact.id, otherId] }, 'auto-merge decided');
  }
}
