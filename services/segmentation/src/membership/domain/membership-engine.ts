import { RuleNode } from '../../rules/domain/rule';
import { EvaluationContext, matches, nextFlip } from '../../rules/domain/rule-evaluator';
import { SegmentContact } from '../../rules/domain/segment-contact';

/** What the engine needs of a segment. */
export interface SegmentDefinition {
  id: string;
  version: number;
  rule: RuleNode;
  /** Only members of this contact list can match; null for the whole tenant. */
  listId: string | null;
  /** A segment being deleted: every member exits. */
  retiring: boolean;
}

export interface Membership {
  /** The segment version the contact was last evaluated against while a member. */
  version: number;
  since: string;
}

export type Memberships = Record<string, Membership>;

export interface MembershipChange {
  segmentId: string;
  segmentVersion: number;
  change: 'entered' | 'exited';
}

export interface MembershipOutcome {
  memberships: Memberships;
  changes: MembershipChange[];
  /** When the result could next change with no change to the contact (ms), if ever. */
  nextCheckAt: number | undefined;
}

export function inSegment(segment: SegmentDefinition, contact: SegmentContact | null, context: EvaluationContext): boolean {
  if (!contact || segment.retiring) return false;
  if (segment.listId !== null && !contact.lists.includes(segment.listId)) return false;
  return matches(segment.rule, contact, context);
}

/**
 * Evaluates a contact (null once deleted) against segments and says who enters and who exits.
 * With `segments` being all of the tenant's, memberships of segments no longer there exit too;
 * with `partial`, only the given segments are decided and the others are left as they are.
 */
export function evaluateMemberships(
  contact: SegmentContact | null,
  current: Memberships,
  segments: readonly SegmentDefinition[],
  context: EvaluationContext,
  options: { partial?: boolean; previousNextCheckAt?: number } = {},
): MembershipOutcome {
  const memberships: Memberships = options.partial ? { ...current } : {};
  const changes: MembershipChange[] = [];
  const since = new Date(context.now).toISOString();
  let next = options.partial ? options.previousNextCheckAt : undefined;

  for (const segment of segments) {
    const was = current[segment.id];
    const is = inSegment(segment, contact, context);
    if (is) memberships[segment.id] = { version: segment.version, since: was?.since ?? since };
    else delete memberships[segment.id];
    if (is !== Boolean(was)) changes.push({ segmentId: segment.id, segmentVersion: segment.version, change: is ? 'entered' : 'exited' });
    if (contact && !segment.retiring) {
      const flip = nextFlip(segment.rule, contact, context);
      if (flip !== undefined && (next === undefined || flip < next)) next = flip;
    }
  }
  if (!options.partial) {
    const known = new Set(segments.map((s) => s.id));
    for (const [segmentId, was] of Object.entries(current)) {
      if (!known.has(segmentId)) changes.push({ segmentId, segmentVersion: was.version, change: 'exited' });
    }
  }
  return { memberships, changes, nextCheckAt: next };
}
