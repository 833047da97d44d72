import { Injectable, Logger } from '@nestjs/common';
import { EvidenceContact } from '../matching/domain/evidence';
import { PairScore } from '../matching/domain/evidence-score';

export interface FoundPairs {
  tenantId: string;
  contact: EvidenceContact;
  found: ReadonlyMap<string, { other: EvidenceContact; score: PairScore }>;
}

/** Tells who cares (the auto-merge policy) when a changed contact's candidate pairs are known. */
@Injectable()
export class CandidatePairsFeed {
  private readonly logger = new Logger(CandidatePairsFeed.name);
  private readonly listeners: Array<(pairs: FoundPairs) => Promise<void>> = [];

  subscribe(listener: (pairs: FoundPairs) => Promise<void>): void {
    this.listeners.push(listener);
  }

  async publish(pairs: FoundPairs): Promise<void> {
    for (const listener of this.listeners) {
      // A listener's trouble never undoes what the finder stored.
      await listener(pairs).catch((error) => this.logger.warn({ tenantId: pairs.tenantId, error: (error as Error).message }, 'candidate pairs listener failed'));
    }
  }
}
