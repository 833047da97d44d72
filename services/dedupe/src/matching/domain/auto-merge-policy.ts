import { PairScore } from './evidence-score';

/** Policies a tenant may turn on; each names the only cases it merges without review. */
export const AUTO_MERGE_POLICIES = ['phone-variant-same-name'] as const;
export type AutoMergePolicy = (typeof AUTO_MERGE_POLICIES)[number];

/** Name levels that count as the same name (nicknames and order folded, or one letter off). */
const SAME_NAME = ['the same', 'very alike'];

/**
 * Whether a pair falls under a policy: `phone-variant-same-name` takes one line written two ways
 * carrying the same first and last name, and nothing else (no pair that only shares an email, a
 * birth date or a similar name).
 */
export function autoMergeApplies(policy: AutoMergePolicy, pair: PairScore): boolean {
  const level = (field: string) => pair.features.find((f) => f.field === field)?.level;
  const sameName = ['firstName', 'lastName'].every((field) => SAME_NAME.includes(level(field) ?? ''));
  return policy === 'phone-variant-same-name' && pair.features.some((f) => f.feature === 'phone-variant' && f.level === 'one line') && sameName;
}
