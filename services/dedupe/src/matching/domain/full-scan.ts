import { blockingKeys } from './blocking-keys';
import { DEFAULT_GROUPING, ScoredPair } from './candidate-groups';
import { FeatureScore, MatchableContact, scorePair } from './pair-scorer';

export interface FullScanOptions {
  /** Pairs scoring at least this are candidates. */
  threshold: number;
  /** Blocks larger than this are too broad to compare pairwise (a shared office phone, a common name). */
  maxBlockMembers: number;
}

export interface FullScanResult {
  /** With each pair's explanation, as the scorer gave it. */
  pairs: Array<ScoredPair & { features: FeatureScore[] }>;
  /** Pairs scored (each once, however many blocks they share). */
  compared: number;
  blocks: number;
  /** Blocks skipped as too broad. */
  saturatedBlocks: number;
}

export const DEFAULT_SCAN: FullScanOptions = { threshold: DEFAULT_GROUPING.threshold, maxBlockMembers: 200 };

/**
 * Every candidate pair of a set of contacts: contacts are put in their blocks, and only contacts
 * sharing a block are scored, so the work grows with the blocks' sizes rather than with the square
 * of the tenant.
 */
export function scanContacts(contacts: readonly MatchableContact[], options: FullScanOptions = DEFAULT_SCAN): FullScanResult {
  const blocks = new Map<string, number[]>();
  const keysOf = contacts.map((contact, index) => {
    const keys = blockingKeys(contact);
    for (const key of keys) {
      const members = blocks.get(key);
      if (members) members.push(index);
      else blocks.set(key, [index]);
    }
    return keys;
  });
  const comparable = (members: number[] | undefined) => members !== undefined && members.length > 1 && members.length <= options.maxBlockMembers;

  const pairs: FullScanResult['pairs'] = [];
  let compared = 0;
  let saturatedBlocks = 0;
  for (const [key, members] of blocks) {
    if (members.length > options.maxBlockMembers) saturatedBlocks += 1;
    if (!comparable(members)) continue;
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const [x, y] = [members[i], members[j]];
        // A pair sharing several blocks is scored in the first of them (in x's key order) only.
        const first = keysOf[x].find((k) => keysOf[y].includes(k) && comparable(blocks.get(k)));
        if (first !== key) continue;
        compared += 1;
        const { score, features } = scorePair(contacts[x], contacts[y]);
        if (score >= options.threshold) pairs.push(x < y ? { a: contacts[x].id, b: contacts[y].id, score, features } : { a: contacts[y].id, b: contacts[x].id, score, features });
      }
    }
  }
  return { pairs, compared, blocks: blocks.size, saturatedBlocks };
}
