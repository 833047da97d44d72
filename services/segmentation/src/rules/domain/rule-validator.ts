import { CUSTOM_FIELD_PREFIX, CUSTOM_KEY, FIELDS } from './fields';
import { FieldType, OPERATORS_BY_TYPE, Operator, RuleNode, TIME_UNITS } from './rule';
import { instantOf } from './relative-time';
import { IN_LAST_MAX_DAYS, OF_LAST_MAX } from './engagement-conditions';

export const RULE_LIMITS = { maxDepth: 8, maxConditions: 100, maxChildren: 50, maxValues: 500, maxTextLength: 500 } as const;

export interface RuleProblem {
  path: string;
  message: string;
  /** Set when the rule names a custom field the definitions given do not have. */
  unknownCustomField?: string;
}

export type CustomFieldTypes = Readonly<Record<string, 'text' | 'number' | 'boolean' | 'date' | 'enum'>>;

export type RuleCheck = { ok: true; rule: RuleNode } | { ok: false; problems: RuleProblem[] };

const GROUP_KEYS = ['all', 'any', 'not'] as const;
const CONDITION_KEYS = ['field', 'op', 'value'];
const VALUELESS: readonly string[] = ['isSet', 'notSet'];
const RELATIVE: readonly string[] = ['withinLast', 'moreThanAgo', 'withinNext'];

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const describe = (v: unknown) => (Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v);

/**
 * Checks a rule given by a caller and returns it as a clean tree, or every problem with its path
 * (`rule.all[1].value`). Keys starting with `$` are refused wherever they appear.
 */
export function validateRule(input: unknown, customFields?: CustomFieldTypes, root = 'rule'): RuleCheck {
  const problems: RuleProblem[] = [];
  let conditions = 0;

  const operatorKeys = (value: unknown, path: string): boolean => {
    if (Array.isArray(value)) return value.some((v, i) => operatorKeys(v, `${path}[${i}]`));
    if (!isPlainObject(value)) return false;
    for (const [key, inner] of Object.entries(value)) {
      if (key.startsWith('$')) {
        problems.push({ path: `${path}.${key}`, message: `operator keys such as "${key}" are not accepted; a rule is data, not a query` });
        return true;
      }
      if (operatorKeys(inner, `${path}.${key}`)) return true;
    }
    return false;
  };

  const node = (value: unknown, path: string, depth: number): RuleNode | undefined => {
    if (!isPlainObject(value)) {
      problems.push({ path, message: `must be a group ({ all }, { any }, { not }) or a condition ({ field, op, value }), not ${describe(value)}` });
      return undefined;
    }
    if (depth > RULE_LIMITS.maxDepth) {
      problems.push({ path, message: `the rule is nested deeper than ${RULE_LIMITS.maxDepth} levels` });
      return undefined;
    }
    const keys = Object.keys(value);
    const group = GROUP_KEYS.find((k) => k in value);
    if (group) {
      const extra = keys.filter((k) => k !== group);
      if (extra.length > 0) {
        problems.push({ path, message: `a group has exactly one key (${group}); unexpected ${extra.map((k) => `"${k}"`).join(', ')}` });
        return undefined;
      }
      if (group === 'not') {
        const inner = node(value.not, `${path}.not`, depth + 1);
        return inner && { not: inner };
      }
      const children = value[group];
      if (!Array.isArray(children) || children.length === 0 || children.length > RULE_LIMITS.maxChildren) {
        problems.push({ path: `${path}.${group}`, message: `must be an array of 1 to ${RULE_LIMITS.maxChildren} rules` });
        return undefined;
      }
      const parsed = children.map((child, i) => node(child, `${path}.${group}[${i}]`, depth + 1));
      if (parsed.some((c) => c === undefined)) return undefined;
      return group === 'all' ? { all: parsed as RuleNode[] } : { any: parsed as RuleNode[] };
    }
    const unknownKeys = keys.filter((k) => !CONDITION_KEYS.includes(k));
    if (unknownKeys.length > 0 || !('field' in value)) {
      problems.push({
        path,
        message: unknownKeys.length > 0
          ? `unexpected ${unknownKeys.map((k) => `"${k}"`).join(', ')}; a condition has field, op and value`
          : 'must be a group ({ all }, { any }, { not }) or a condition ({ field, op, value })',
      });
      return undefined;
    }
    conditions += 1;
    return condition(value, path);
  };

  const condition = (value: Record<string, unknown>, path: string): RuleNode | undefined => {
    const { field, op } = value;
    if (typeof field !== 'string') {
      problems.push({ path: `${path}.field`, message: 'must be a field name' });
      return undefined;
    }
    const type = typeOf(field, customFields);
    if (typeof type === 'string' && !(type in OPERATORS_BY_TYPE)) {
      const unknown = type.startsWith('unknown custom field') ? field.slice(CUSTOM_FIELD_PREFIX.length) : undefined;
      problems.push({ path: `${path}.field`, message: type, ...(unknown ? { unknownCustomField: unknown } : {}) });
      return undefined;
    }
    const allowed: readonly string[] = type === undefined ? [...new Set(Object.values(OPERATORS_BY_TYPE).flat())] : OPERATORS_BY_TYPE[type as FieldType];
    if (typeof op !== 'string' || !allowed.includes(op)) {
      problems.push({ path: `${path}.op`, message: `must be one of ${allowed.join(', ')} for ${field}` });
      return undefined;
    }
    const problem = valueProblem(field, type as FieldType | undefined, op, value.value, 'value' in value);
    if (problem) {
      problems.push({ path: `${path}.value`, message: problem });
      return undefined;
    }
    return VALUELESS.includes(op) ? { field, op: op as Operator } : { field, op: op as Operator, value: value.value };
  };

  if (operatorKeys(input, root)) return { ok: false, problems };
  const rule = node(input, root, 1);
  if (conditions > RULE_LIMITS.maxConditions) problems.push({ path: root, message: `a rule may hold at most ${RULE_LIMITS.maxConditions} conditions` });
  return rule && problems.length === 0 ? { ok: true, rule } : { ok: false, problems };
}

/** The field's type, undefined for a custom field whose type is not known, or a message. */
function typeOf(field: string, customFields?: CustomFieldTypes): FieldType | string | undefined {
  if (field in FIELDS) return FIELDS[field].type;
  if (!field.startsWith(CUSTOM_FIELD_PREFIX)) return `unknown field "${field}"; use a standard field, a trait, or custom.<key>`;
  const key = field.slice(CUSTOM_FIELD_PREFIX.length);
  if (!CUSTOM_KEY.test(key)) return `"${key}" is not a custom field key`;
  if (!customFields) return undefined;
  const defined = customFields[key];
  if (!defined) return `unknown custom field "${key}"`;
  return defined === 'enum' ? 'text' : defined;
}

function valueProblem(field: string, type: FieldType | undefined, op: string, value: unknown, present: boolean): string | undefined {
  if (VALUELESS.includes(op)) return present ? `${op} takes no value` : undefined;
  if (!present) return `${op} needs a value`;
  if (RELATIVE.includes(op)) return spanProblem(value);
  switch (op) {
    case 'ofLast':
      return ofLastProblem(value);
    case 'inLast':
      return inLastProblem(value);
    case 'before':
    case 'after':
      return instantOf(value) === undefined ? 'must be an ISO 8601 date or date-time' : undefined;
    case 'between':
      return rangeProblem(value, type);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `must be a number, not ${describe(value)}`;
    case 'contains':
    case 'startsWith':
      return textProblem(value);
    case 'in':
    case 'notIn':
    case 'hasAny':
    case 'hasAll':
    case 'hasNone': {
      if (!Array.isArray(value) || value.length === 0 || value.length > RULE_LIMITS.maxValues) return `must be an array of 1 to ${RULE_LIMITS.maxValues} values`;
      const scalar = op.startsWith('has') ? 'text' : type;
      const bad = value.map((v) => scalarProblem(field, scalar, v)).findIndex((p) => p !== undefined);
      return bad < 0 ? undefined : `item ${bad}: ${scalarProblem(field, scalar, value[bad])}`;
    }
    default:
      return scalarProblem(field, type, value);
  }
}

function scalarProblem(field: string, type: FieldType | undefined, value: unknown): string | undefined {
  switch (type) {
    case 'text':
      return textProblem(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `must be a number, not ${describe(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be true or false, not ${describe(value)}`;
    case 'enum': {
      const values = FIELDS[field].values ?? [];
      return typeof value === 'string' && values.includes(value) ? undefined : `must be one of ${values.join(', ')}`;
    }
    default:
      return ['string', 'number', 'boolean'].includes(typeof value) ? textProblem(value, true) : `must be a string, number or boolean, not ${describe(value)}`;
  }
}

function textProblem(value: unknown, orScalar = false): string | undefined {
  if (orScalar && typeof value !== 'string') return undefined;
  if (typeof value !== 'string') return `must be a string, not ${describe(value)}`;
  if (value.length === 0 || value.length > RULE_LIMITS.maxTextLength) return `must be 1 to ${RULE_LIMITS.maxTextLength} characters`;
  return undefined;
}

function spanProblem(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'must be { amount, unit }';
  const { amount, unit, ...rest } = value;
  if (Object.keys(rest).length > 0) return `unexpected ${Object.keys(rest).map((k) => `"${k}"`).join(', ')}; a span is { amount, unit }`;
  if (!Number.isInteger(amount) || (amount as number) < 1 || (amount as number) > 10_000) return 'amount must be a whole number from 1 to 10000';
  if (!TIME_UNITS.includes(unit as never)) return `unit must be one of ${TIME_UNITS.join(', ')}`;
  return undefined;
}

function rangeProblem(value: unknown, type: FieldType | undefined): string | undefined {
  if (!Array.isArray(value) || value.length !== 2) return 'must be [from, to]';
  const [from, to] = value;
  const numeric = type === 'number' || (type === undefined && typeof from === 'number');
  if (numeric) {
    if (![from, to].every((v) => typeof v === 'number' && Number.isFinite(v))) return 'must be two numbers';
    return from <= to ? undefined : 'from must not be greater than to';
  }
  if (type !== 'date' && type !== undefined) return `between is not defined for ${type} fields`;
  const a = instantOf(from);
  const b = instantOf(to);
  if (a === undefined || b === undefined) return 'must be two ISO 8601 dates or date-times';
  return a <= b ? undefined : 'from must not be later than to';
}

function boundsProblem(bounds: Record<string, unknown>, most: number): string | undefined {
  const { atLeast, atMost } = bounds;
  if (atLeast === undefined && atMost === undefined) return 'needs atLeast, atMost or both';
  for (const [name, bound] of Object.entries({ atLeast, atMost })) {
    if (bound !== undefined && (!Number.isInteger(bound) || (bound as number) < 0 || (bound as number) > most)) return `${name} must be a whole number from 0 to ${most}`;
  }
  if (atLeast !== undefined && atMost !== undefined && (atLeast as number) > (atMost as number)) return 'atLeast must not be greater than atMost';
  return undefined;
}

function ofLastProblem(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'must be { last, atLeast?, atMost? }';
  const { last, atLeast, atMost, ...rest } = value;
  if (Object.keys(rest).length > 0) return `unexpected ${Object.keys(rest).map((k) => `"${k}"`).join(', ')}; ofLast takes { last, atLeast?, atMost? }`;
  if (!Number.isInteger(last) || (last as number) < 1 || (last as number) > OF_LAST_MAX) return `last must be a whole number from 1 to ${OF_LAST_MAX}`;
  return boundsProblem({ atLeast, atMost }, last as number);
}

function inLastProblem(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'must be { amount, unit, atLeast?, atMost? }';
  const { amount, unit, atLeast, atMost, ...rest } = value;
  if (Object.keys(rest).length > 0) return `unexpected ${Object.keys(rest).map((k) => `"${k}"`).join(', ')}; inLast takes { amount, unit, atLeast?, atMost? }`;
  if (unit !== 'days' && unit !== 'weeks') return 'unit must be days or weeks';
  const days = (amount as number) * (unit === 'weeks' ? 7 : 1);
  if (!Number.isInteger(amount) || (amount as number) < 1 || days > IN_LAST_MAX_DAYS) return `amount must be a whole number of at most ${IN_LAST_MAX_DAYS} days`;
  return boundsProblem({ atLeast, atMost }, 1_000_000);
}
