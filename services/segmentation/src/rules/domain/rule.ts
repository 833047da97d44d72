/**
 * A segment rule: a tree of groups over conditions. It is data, validated field by field, and
 * evaluated by this service's own code; it never reaches a database as a query.
 */
export type RuleNode = AllGroup | AnyGroup | NotGroup | Condition;

export interface AllGroup {
  all: RuleNode[];
}
export interface AnyGroup {
  any: RuleNode[];
}
export interface NotGroup {
  not: RuleNode;
}

export interface Condition {
  field: string;
  op: Operator;
  value?: unknown;
}

export const TIME_UNITS = ['minutes', 'hours', 'days', 'weeks', 'months', 'years'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

export interface RelativeSpan {
  amount: number;
  unit: TimeUnit;
}

export const OPERATORS_BY_TYPE = {
  text: ['eq', 'neq', 'contains', 'startsWith', 'in', 'notIn', 'isSet', 'notSet'],
  enum: ['eq', 'neq', 'in', 'notIn', 'isSet', 'notSet'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'in', 'isSet', 'notSet'],
  boolean: ['eq', 'isSet', 'notSet'],
  date: ['before', 'after', 'between', 'withinLast', 'moreThanAgo', 'withinNext', 'isSet', 'notSet'],
  set: ['hasAny', 'hasAll', 'hasNone'],
  outcomes: ['ofLast'],
  count: ['inLast'],
} as const;

export type FieldType = keyof typeof OPERATORS_BY_TYPE;
export type Operator = (typeof OPERATORS_BY_TYPE)[FieldType][number];

export const isAll = (node: RuleNode): node is AllGroup => 'all' in node;
export const isAny = (node: RuleNode): node is AnyGroup => 'any' in node;
export const isNot = (node: RuleNode): node is NotGroup => 'not' in node;
export const isCondition = (node: RuleNode): node is Condition => 'field' in node;

/** The conditions of a rule, depth first. */
export function conditionsOf(node: RuleNode): Condition[] {
  if (isAll(node)) return node.all.flatMap(conditionsOf);
  if (isAny(node)) return node.any.flatMap(conditionsOf);
  if (isNot(node)) return conditionsOf(node.not);
  return [node];
}

/** The parts a preview counts separately: a top-level group's children, or the rule itself. */
export function topLevelParts(node: RuleNode): RuleNode[] {
  if (isAll(node)) return node.all;
  if (isAny(node)) return node.any;
  return [node];
}
