import { FEATURE_WEIGHTS, PairScore } from './pair-scorer';

/** Policies a tenant may turn on; each names the only cases it merges without review. */
export const AUTO_MERGE_POLICIES = ['phone-variant-same-name'] as const;
export type AutoMergePolicy = (typeof AUTO_MERGE_POLICIES)[number];

/** Names this alike (Jaro-Winkler, nicknames and order folded) count as the same name. */
const SAME_NAME = 0.95;

/**
 * Whether a pair falls under a policy: `phone-variant-same-name` takes one line written two ways
 * carrying the same name, and nothing else (no pair that only shares an email, a company or a
 * similar name).
 */
export function autoMergeApplies(policy: AutoMergePolicy, pair: PairScore): boolean {
  const feature = (name: string) => pair.features.find((f) => f.feature === name);
  const name = feature('name');
  return policy === 'phone-variant-same-name' && feature('phone-variant') !== undefined && name !== undefined && name.score >= FEATURE_WEIGHTS.name * SAME_NAME;
}
