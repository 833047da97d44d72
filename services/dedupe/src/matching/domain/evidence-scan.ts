import { BlockingRule } from './blocking-rules';
import { FieldComparator, PreparedContact, compareContacts } from './evidence';
import { MatchModel, WeightedLevel, fitModel, matchProbability, pairWeight, weighPair } from './fellegi-sunter';

export interface RuleCount {
  rule: string;
  blocks: number;
  /** Blocks over the cap, not compared (a shared office line, a very common name in one year). */
  saturatedBlocks: number;
  /** Pairs this rule brought to comparison first. */
  comparisons: number;
}

/** The pairs the rules bring together (each once), with what each rule contributed. */
export function blockedPairs(contacts: readonly PreparedContact[], rules: readonly BlockingRule[], maxBlockMembers: number) {
  const seen = new Set<number>();
  /** Contact indexes, and the index of the rule that brought the pair first. */
  const pairs: Array<[number, number, number]> = [];
  const counts: RuleCount[] = [];
  for (const [r, rule] of rules.entries()) {
    const blocks = new Map<string, number[]>();
    contacts.forEach((contact, index) => {
      for (const key of rule.keys(contact)) {
        const members = blocks.get(key);
        if (members) members.push(index);
        else blocks.set(key, [index]);
      }
    });
    const count: RuleCount = { rule: rule.name, blocks: blocks.size, saturatedBlocks: 0, comparisons: 0 };
    const cap = Math.min(rule.cap ?? maxBlockMembers, maxBlockMembers);
    for (const members of blocks.values()) {
      if (members.length > cap) count.saturatedBlocks += 1;
      if (members.length < 2 || members.length > cap) continue;
      for (let i = 0; i < members.length; i++) {
        for (let j = i + 1; j < members.length; j++) {
          const [x, y] = members[i] < members[j] ? [members[i], members[j]] : [members[j], members[i]];
          const id = x * contacts.length + y;
          if (seen.has(id)) continue;
          seen.add(id);
          pairs.push([x, y, r]);
          count.comparisons += 1;
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
  pairs: ReadonlyArray<[number, number, number]>,
  rules: readonly BlockingRule[],
  comparators: readonly FieldComparator[],
  random: () => number,
  randomPairs = 20_000,
): MatchModel {
  const fitted = pairs.length <= FIT_PAIRS ? pairs : Array.from({ length: FIT_PAIRS }, () => pairs[Math.floor(random() * pairs.length)]);
  const sampled: Array<Array<number | null>> = [];
  for (let n = 0; contacts.length > 1 && n < randomPairs; n++) {
    const x = Math.floor(random() * contacts.length);
    const y = Math.floor(random() * contacts.length);
    if (x !== y) sampled.push(compareContacts(contacts[x], contacts[y], comparators));
  }
  return fitModel({
    comparators,
    compared: fitted.map(([x, y, rule]) => ({ levels: compareContacts(contacts[x], contacts[y], comparators), rule })),
    ruleFields: rules.map((r) => r.fields),
    comparedTotal: pairs.length,
    possiblePairs: (contacts.length * (contacts.length - 1)) / 2,
    random: sampled,
    lastNames: contacts.map((c) => c.last),
  });
}

export interface EvidencePair {
  a: string;
  b: string;
  probability: number;
  levels: WeightedLevel[];
}

/** The pairs at or above the threshold, each with the weight of every field behind it. */
export function scorePairs(
  contacts: readonly PreparedContact[],
  pairs: ReadonlyArray<readonly [number, number, ...number[]]>,
  model: MatchModel,
  comparators: readonly FieldComparator[],
  threshold: number,
): EvidencePair[] {
  const found: EvidencePair[] = [];
  for (const [x, y] of pairs) {
    const probability = matchProbability(model.prior, pairWeight(model, comparators, contacts[x], contacts[y]));
    if (probability >= threshold) found.push({ a: contacts[x].id, b: contacts[y].id, probability, levels: weighPair(model, comparators, contacts[x], contacts[y]) });
  }
  return found;
}
