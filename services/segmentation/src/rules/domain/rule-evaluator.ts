import { tagKey } from '@roster/contracts';
import { CUSTOM_FIELD_PREFIX, FIELDS, LifecycleStage } from './fields';
import { Condition, RelativeSpan, RuleNode, isAll, isAny, isNot } from './rule';
import { instantOf, shift } from './relative-time';
import { InLast, OfLast, inLastBoundaries, inLastHolds, ofLastHolds, serviceWindowBoundaries, serviceWindowOpen } from './engagement-conditions';
import { LifecycleThresholds, SegmentContact } from './segment-contact';

export interface EvaluationContext {
  /** Milliseconds since the epoch: the instant the rule is evaluated at. */
  now: number;
  lifecycle: LifecycleThresholds;
}

export function matches(node: RuleNode, contact: SegmentContact, context: EvaluationContext): boolean {
  if (isAll(node)) return node.all.every((child) => matches(child, contact, context));
  if (isAny(node)) return node.any.some((child) => matches(child, contact, context));
  if (isNot(node)) return !matches(node.not, contact, context);
  return conditionHolds(node, contact, context);
}

/**
 * The first instant after `now` at which the rule's result for this contact could change with no
 * change to the contact: the earliest boundary of any relative-date or lifecycle condition in it.
 */
export function nextFlip(node: RuleNode, contact: SegmentContact, context: EvaluationContext): number | undefined {
  const children = isAll(node) ? node.all : isAny(node) ? node.any : isNot(node) ? [node.not] : undefined;
  const candidates = children
    ? children.map((child) => nextFlip(child, contact, context))
    : conditionBoundaries(node as Condition, contact, context).filter((at) => at > context.now);
  return candidates.reduce<number | undefined>((min, at) => (at !== undefined && (min === undefined || at < min) ? at : min), undefined);
}

export function lifecycleStage(contact: SegmentContact, context: EvaluationContext): LifecycleStage {
  const last = instantOf(contact.traits.lastActivityAt);
  if (last === undefined) return 'inactive';
  if (context.now <= shift(last, { amount: context.lifecycle.activeWithinDays, unit: 'days' })) return 'active';
  if (context.now <= shift(last, { amount: context.lifecycle.atRiskWithinDays, unit: 'days' })) return 'at-risk';
  return 'inactive';
}

function read(condition: Condition, contact: SegmentContact, context: EvaluationContext): unknown {
  if (condition.field === 'lifecycle') return lifecycleStage(contact, context);
  if (condition.field === 'serviceWindowOpen') return serviceWindowOpen(contact, context.now);
  if (condition.field.startsWith(CUSTOM_FIELD_PREFIX)) return contact.customFields[condition.field.slice(CUSTOM_FIELD_PREFIX.length)];
  return FIELDS[condition.field].read(contact);
}

const isSet = (v: unknown) => v !== undefined && v !== null && v !== '';
const folded = (v: unknown) => (typeof v === 'string' ? v.toLocaleLowerCase('en-US') : v);
/** Text compares case-insensitively; numbers and booleans compare strictly. */
const same = (a: unknown, b: unknown) => folded(a) === folded(b);

function conditionHolds(condition: Condition, contact: SegmentContact, context: EvaluationContext): boolean {
  const actual = read(condition, contact, context);
  const expected = condition.value;
  switch (condition.op) {
    case 'isSet':
      return isSet(actual);
    case 'notSet':
      return !isSet(actual);
    case 'eq':
      return isSet(actual) && same(actual, expected);
    case 'neq':
      return !isSet(actual) || !same(actual, expected);
    case 'in':
      return isSet(actual) && (expected as unknown[]).some((v) => same(actual, v));
    case 'notIn':
      return !isSet(actual) || !(expected as unknown[]).some((v) => same(actual, v));
    case 'contains':
      return typeof actual === 'string' && (folded(actual) as string).includes(folded(expected) as string);
    case 'startsWith':
      return typeof actual === 'string' && (folded(actual) as string).startsWith(folded(expected) as string);
    case 'gt':
      return typeof actual === 'number' && actual > (expected as number);
    case 'gte':
      return typeof actual === 'number' && actual >= (expected as number);
    case 'lt':
      return typeof actual === 'number' && actual < (expected as number);
    case 'lte':
      return typeof actual === 'number' && actual <= (expected as number);
    case 'between':
      return between(actual, expected as [unknown, unknown]);
    case 'before':
    case 'after': {
      const at = instantOf(actual);
      const bound = instantOf(expected)!;
      return at !== undefined && (condition.op === 'before' ? at < bound : at > bound);
    }
    case 'withinLast':
    case 'moreThanAgo':
    case 'withinNext':
      return relativeHolds(condition.op, instantOf(actual), expected as RelativeSpan, context.now);
    case 'hasAny':
    case 'hasAll':
    case 'hasNone':
      return setHolds(condition, actual as string[]);
    case 'ofLast':
      return ofLastHolds(condition.field, contact, expected as OfLast);
    case 'inLast':
      return inLastHolds(condition.field, contact, expected as InLast, context.now);
  }
}

function between(actual: unknown, [from, to]: [unknown, unknown]): boolean {
  if (typeof from === 'number') return typeof actual === 'number' && actual >= from && actual <= (to as number);
  const at = instantOf(actual);
  return at !== undefined && at >= instantOf(from)! && at <= instantOf(to)!;
}

function setHolds(condition: Condition, actual: string[]): boolean {
  const have = new Set(actual);
  const wanted = (condition.value as string[]).map((v) => (condition.field === 'tags' ? tagKey(v) : v));
  if (condition.op === 'hasAny') return wanted.some((v) => have.has(v));
  if (condition.op === 'hasAll') return wanted.every((v) => have.has(v));
  return !wanted.some((v) => have.has(v));
}

/**
 * withinLast: at <= now <= at + span. moreThanAgo: now > at + span. withinNext: at - span <= now <= at.
 * Defined by the boundaries themselves, so `conditionBoundaries` names exactly where they flip.
 */
function relativeHolds(op: 'withinLast' | 'moreThanAgo' | 'withinNext', at: number | undefined, span: RelativeSpan, now: number): boolean {
  if (at === undefined) return false;
  if (op === 'withinLast') return at <= now && now <= shift(at, span);
  if (op === 'moreThanAgo') return now > shift(at, span);
  return shift(at, span, -1) <= now && now <= at;
}

function conditionBoundaries(condition: Condition, contact: SegmentContact, context: EvaluationContext): number[] {
  if (condition.field === 'lifecycle') {
    const last = instantOf(contact.traits.lastActivityAt);
    if (last === undefined) return [];
    return [context.lifecycle.activeWithinDays, context.lifecycle.atRiskWithinDays].map((days) => shift(last, { amount: days, unit: 'days' }) + 1);
  }
  if (condition.field === 'serviceWindowOpen') return serviceWindowBoundaries(contact);
  if (condition.op === 'inLast') return inLastBoundaries(condition.field, contact, condition.value as InLast);
  const at = instantOf(read(condition, contact, context));
  if (at === undefined) return [];
  const span = condition.value as RelativeSpan;
  if (condition.op === 'withinLast') return [at, shift(at, span) + 1];
  if (condition.op === 'moreThanAgo') return [shift(at, span) + 1];
  if (condition.op === 'withinNext') return [shift(at, span, -1), at + 1];
  return [];
}
