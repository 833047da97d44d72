import { blockingKeys } from './blocking-keys';
import { DEFAULT_GROUPING, ScoredPair } from './candidate-groups';
import { MatchableContact, scorePair } from './pair-scorer';

export interface FullScanOptions {
  /** Pairs scoring at least this are candidates. */
  threshold: number;
  /** Blocks larger than this are too broad to compare pairwise (a shared office phone, a common name). */
  maxBlockMembers: number;
}

export interface FullScanResult {
  pairs: ScoredPair[];
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
  contacts.forEach((contact, index) => {
    for (const key of blockingKeys(contact)) {
      const members = blocks.get(key);
      if (members) members.push(index);
      else blocks.set(key, [index]);
    }
  });

  const scored = new Set<number>();
  const pairs: ScoredPair[] = [];
  let saturatedBlocks = 0;
  for (const members of blocks.values()) {
    if (members.length < 2) continue;
    if (members.length > options.maxBlockMembers) {
      saturatedBlocks += 1;
      continue;
    }
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const [low, high] = members[i] < members[j] ? [members[i], members[j]] : [members[j], members[i]];
        const key = low * contacts.length + high;
        if (scored.has(key)) continue;
        scored.add(key);
        const { score } = scorePair(contacts[low], contacts[high]);
        if (score >= options.threshold) pairs.push({ a: contacts[low].id, b: contacts[high].id, score });
      }
    }
  }
  return { pairs, compared: scored.size, blocks: blocks.size, saturatedBlocks };
}
