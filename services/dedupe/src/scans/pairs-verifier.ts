import { Injectable, Logger } from '@nestjs/common';
import { CandidateFinder } from '../candidates/candidate-finder';
import { DedupeContactRecord } from '../candidates/candidates.schema';
import { DedupeContactsRepository, PairsRepository } from '../candidates/candidates.repositories';
import { DedupeSettings } from '../settings/dedupe-settings';
import { candidatePairsOf } from './tenant-scanner';

const SAMPLE = 20;

export interface PairsVerifyReport {
  tenantId: string;
  /** Live contacts in this service's projection. */
  contacts: number;
  /** Pairs a fresh scan of the projection finds, and pairs stored (open or dismissed). */
  expected: number;
  stored: number;
  missing: number;
  extra: number;
  missingSample: Array<{ a: string; b: string }>;
  extraSample: Array<{ a: string; b: string }>;
  /** With `repair`: contacts whose pairs were rewritten. */
  repaired: number;
}

const key = (x: string, y: string) => (x < y ? `${x}|${y}` : `${y}|${x}`);
const pairOf = (k: string) => {
  const [a, b] = k.split('|');
  return { a, b };
};

/**
 * Compares the tenant's stored candidate pairs with what a full scan of the projection finds now;
 * with `repair`, the pairs of every contact involved are rewritten as the scan would write them
 * (a dismissed pair stays dismissed while its matching fields are unchanged).
 */
@Injectable()
export class PairsVerifier {
  private readonly logger = new Logger(PairsVerifier.name);

  constructor(
    private readonly contacts: DedupeContactsRepository,
    private readonly pairs: PairsRepository,
    private readonly finder: CandidateFinder,
    private readonly settings: DedupeSettings,
  ) {}

  async verify(tenantId: string, repair: boolean): Promise<PairsVerifyReport> {
    const records: DedupeContactRecord[] = [];
    for await (const record of this.contacts.streamLive(tenantId)) records.push(record);
    const { threshold, matchFields } = await this.settings.of(tenantId);
    const { evidence, found, pairs } = candidatePairsOf(records, threshold, matchFields, await this.settings.matchModel(tenantId));
    const expected = new Set(pairs.map((p) => key(p.a, p.b)));
    const stored = new Set<string>();
    for await (const pair of this.pairs.stored(tenantId)) stored.add(key(pair.a, pair.b));
    const missing = [...expected].filter((k) => !stored.has(k));
    const extra = [...stored].filter((k) => !expected.has(k));

    let repaired = 0;
    if (repair) {
      const involved = new Set([...missing, ...extra].flatMap((k) => Object.values(pairOf(k))));
      for (const [i, record] of records.entries()) {
        if (!involved.has(record.contactId)) continue;
        await this.finder.writePairs(record, evidence[i], found.get(record.contactId)!, matchFields);
        repaired += 1;
      }
      // A stray pair may be unknown to its contacts' partner lists (or its contacts gone): the
      // rewrite above does not reach it.
      for (const k of extra) {
        const { a, b } = pairOf(k);
        await this.pairs.remove(tenantId, a, b);
      }
      this.logger.log({ tenantId, repaired }, 'candidate pairs repaired from the projection');
    }
    return {
      tenantId, contacts: records.length, expected: expected.size, stored: stored.size, missing: missing.length, extra: extra.length,
      missingSample: missing.slice(0, SAMPLE).map(pairOf), extraSample: extra.slice(0, SAMPLE).map(pairOf), repaired,
    };
  }
}
