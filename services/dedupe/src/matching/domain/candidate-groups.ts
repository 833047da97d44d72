export interface ScoredPair {
  a: string;
  b: string;
  score: number;
}

export interface CandidateGroup {
  members: string[];
  pairs: ScoredPair[];
  /** The strongest pair's score: groups are reviewed strongest first. */
  score: number;
}

export interface GroupingOptions {
  /** Pairs below this are not candidates. */
  threshold: number;
  /** A group never grows beyond this many contacts. */
  maxGroupSize: number;
  /** Two groups of several contacts join only through a link at least this strong. */
  strongLink: number;
}

export const DEFAULT_GROUPING: GroupingOptions = { threshold: 0.6, maxGroupSize: 10, strongLink: 0.8 };

/**
 * Joins candidate pairs into groups, strongest links first. Groups chain transitively, but not
 * through a weak link between two groups that already hold several people, and never past the
 * size cap: A~B and B~C make one group only when the links are strong enough to vouch for it.
 */
export function groupCandidates(pairs: readonly ScoredPair[], options: GroupingOptions = DEFAULT_GROUPING): CandidateGroup[] {
  const groupOf = new Map<string, Set<string>>();
  const kept: ScoredPair[] = [];
  const sorted = pairs.filter((p) => p.score >= options.threshold && p.a !== p.b).sort((x, y) => y.score - x.score);

  for (const pair of sorted) {
    const left = groupOf.get(pair.a) ?? new Set([pair.a]);
    const right = groupOf.get(pair.b) ?? new Set([pair.b]);
    if (left === right) {
      kept.push(pair);
      continue;
    }
    if (left.size + right.size > options.maxGroupSize) continue;
    if (left.size > 1 && right.size > 1 && pair.score < options.strongLink) continue;
    for (const id of right) left.add(id);
    for (const id of left) groupOf.set(id, left);
    kept.push(pair);
  }

  const groups = new Map<Set<string>, CandidateGroup>();
  for (const pair of kept) {
    const members = groupOf.get(pair.a)!;
    const group = groups.get(members) ?? { members: [...members].sort(), pairs: [], score: 0 };
    group.pairs.push(pair);
    group.score = Math.max(group.score, pair.score);
    groups.set(members, group);
  }
  return [...groups.values()].sort((x, y) => y.score - x.score || x.members[0].localeCompare(y.members[0]));
}
