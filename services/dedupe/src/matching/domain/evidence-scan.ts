import { BlockingRule } from './blocking-rules';
import { FieldComparator, PreparedContact, compareContacts } from './evidence';
import { MatchModel, WeightedLevel, fitModel, matchProbability, pairWeight, weighPair, weightFloor } from './fellegi-sunter';
import { IntPairIndex, PairList, grown } from './pair-list';

export interface RuleCount {
  rule: string;
  blocks: number;
  /** Blocks over the cap, not compared (a shared office line, a very common name in one year). */
  saturatedBlocks: number;
  /** Pairs this rule brought to comparison first. */
  comparisons: number;
}

/**
 * Two independent 32-bit hashes of a key `first|second`, read char by char with nothing built: a
 * scan keys a million contacts under every rule, and a Map of strings would spend most of the scan
 * hashing and growing. Two keys share a block only if both hashes agree (about one chance in 10^7
 * over a million contacts), and then a few more pairs are compared; scoring still decides.
 */
function keyHashes(first: string, second: string, out: Int32Array): void {
  let [h1, h2] = [0x811c9dc5 | 0, 0x9747b28c | 0];
  const feed = (code: number) => {
    h1 = Math.imul(h1 ^ code, 0x01000193);
    h2 = Math.imul(h2 ^ code, 0x5bd1e995);
    h2 ^= h2 >>> 13;
  };
  for (let i = 0; i < first.length; i++) feed(first.charCodeAt(i));
  feed(0x1f);
  for (let i = 0; i < second.length; i++) feed(second.charCodeAt(i));
  out[0] = finalMix(h1);
  out[1] = finalMix(h2 ^ Math.imul(first.length + 1, 0x27d4eb2d));
}

function finalMix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Buffers for grouping contacts into one rule's blocks, reused rule after rule: each new large
 * buffer counts toward the next full collection of a heap holding a million contacts.
 */
class BlockGrouping {
  readonly blockIds: IntPairIndex;
  private entryBlock: Int32Array;
  private entryContact: Int32Array;
  private start = new Int32Array(0);
  private next = new Int32Array(0);
  private members = new Int32Array(0);
  private readonly hashes = new Int32Array(2);

  constructor(contacts: number) {
    this.blockIds = new IntPairIndex(contacts);
    this.entryBlock = new Int32Array(contacts + 16);
    this.entryContact = new Int32Array(contacts + 16);
  }

  /** One rule's blocks: `members` block by block from `start`, each block in contact order. */
  group(contacts: readonly PreparedContact[], rule: BlockingRule) {
    const { blockIds, hashes } = this;
    blockIds.clear();
    let entries = 0;
    for (let index = 0; index < contacts.length; index++) {
      rule.keys(contacts[index], (first, second = '') => {
        if (entries === this.entryBlock.length) [this.entryBlock, this.entryContact] = [grown(this.entryBlock), grown(this.entryContact)];
        keyHashes(first, second, hashes);
        this.entryBlock[entries] = blockIds.idOf(hashes[0], hashes[1]);
        this.entryContact[entries++] = index;
      });
    }
    // A counting sort by block keeps each block's members in contact order.
    if (this.members.length < entries) [this.start, this.next, this.members] = [1, 0, 0].map((extra) => new Int32Array(this.entryBlock.length + extra));
    const { start, next, members, entryBlock, entryContact } = this;
    start.fill(0, 0, blockIds.size + 1);
    for (let e = 0; e < entries; e++) start[entryBlock[e] + 1] += 1;
    for (let b = 0; b < blockIds.size; b++) start[b + 1] += start[b];
    next.set(start.subarray(0, blockIds.size));
    for (let e = 0; e < entries; e++) members[next[entryBlock[e]]++] = entryContact[e];
    return { count: blockIds.size, start, members };
  }
}

/** The pairs the rules bring together (each once), with what each rule contributed. */
export function blockedPairs(contacts: readonly PreparedContact[], rules: readonly BlockingRule[], maxBlockMembers: number) {
  const pairs = new PairList(contacts.length * 4);
  const grouping = new BlockGrouping(contacts.length);
  const counts: RuleCount[] = [];
  for (const [r, rule] of rules.entries()) {
    const { count: blocks, start, members } = grouping.group(contacts, rule);
    const count: RuleCount = { rule: rule.name, blocks, saturatedBlocks: 0, comparisons: 0 };
    const cap = Math.min(rule.cap ?? maxBlockMembers, maxBlockMembers);
    for (let b = 0; b < blocks; b++) {
      const size = start[b + 1] - start[b];
      if (size > cap) count.saturatedBlocks += 1;
      if (size < 2 || size > cap) continue;
      for (let i = start[b]; i < start[b + 1]; i++) {
        for (let j = i + 1; j < start[b + 1]; j++) {
          // Members are in contact order; a contact with the same key twice is not its own pair.
          if (members[i] !== members[j] && pairs.add(members[i], members[j], r)) count.comparisons += 1;
        }
      }
    }
    counts.push(count);
  }
  return { pairs, rules: counts };
}

/** Compared pairs the model is fitted on at most: a sample teaches it as well, at a bounded cost. */
const FIT_PAIRS = 200_000;

/** Fits the tenant's model to its contacts: (a sample of) the blocked pairs for m, random pairs for u. */
export function fitToContacts(
  contacts: readonly PreparedContact[],
  pairs: PairList,
  rules: readonly BlockingRule[],
  comparators: readonly FieldComparator[],
  random: () => number,
  randomPairs = 20_000,
): MatchModel {
  const fitted = pairs.length <= FIT_PAIRS ? Array.from({ length: pairs.length }, (_, i) => i) : Array.from({ length: FIT_PAIRS }, () => Math.floor(random() * pairs.length));
  const sampled: Array<Array<number | null>> = [];
  for (let n = 0; contacts.length > 1 && n < randomPairs; n++) {
    const x = Math.floor(random() * contacts.length);
    const y = Math.floor(random() * contacts.length);
    if (x !== y) sampled.push(compareContacts(contacts[x], contacts[y], comparators));
  }
  return fitModel({
    comparators,
    compared: fitted.map((i) => ({ levels: compareContacts(contacts[pairs.x(i)], contacts[pairs.y(i)], comparators), rule: pairs.rule(i) })),
    ruleFields: rules.map((r) => r.fields),
    comparedTotal: pairs.length,
    possiblePairs: (contacts.length * (contacts.length - 1)) / 2,
    random: sampled,
    lastNames: contacts.map((c) => c.last),
  });
}

/** The blocked pairs whose probability reaches the threshold, as contact indexes with their weight. */
export function pairsReaching(contacts: readonly PreparedContact[], pairs: PairList, model: MatchModel, comparators: readonly FieldComparator[], threshold: number) {
  const found: Array<{ x: number; y: number; weight: number }> = [];
  const floor = weightFloor(model.prior, threshold);
  for (let i = 0; i < pairs.length; i++) {
    const [x, y] = [pairs.x(i), pairs.y(i)];
    const weight = pairWeight(model, comparators, contacts[x], contacts[y], floor);
    if (weight >= floor) found.push({ x, y, weight });
  }
  return found;
}

export interface EvidencePair {
  a: string;
  b: string;
  probability: number;
  levels: WeightedLevel[];
}

/** The pairs at or above the threshold, each with the weight of every field behind it. */
export function scorePairs(contacts: readonly PreparedContact[], pairs: PairList, model: MatchModel, comparators: readonly FieldComparator[], threshold: number): EvidencePair[] {
  return pairsReaching(contacts, pairs, model, comparators, threshold).map(({ x, y, weight }) => ({
    a: contacts[x].id, b: contacts[y].id, probability: matchProbability(model.prior, weight), levels: weighPair(model, comparators, contacts[x], contacts[y]),
  }));
}
