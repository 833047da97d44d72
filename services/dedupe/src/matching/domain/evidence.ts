import jaroWinkler from 'talisman/metrics/jaro-winkler';
import { phoneIdentity } from './phone-identity';
import { foldText, givenName, mailboxOf, soundKey } from './text-keys';

/** How a tenant's match field (a custom field) is compared. */
export const MATCH_FIELD_COMPARISONS = ['exact', 'text', 'date', 'number'] as const;
export type MatchFieldComparison = (typeof MATCH_FIELD_COMPARISONS)[number];

export interface MatchFieldDefinition {
  key: string;
  comparison: MatchFieldComparison;
}

/** Everything matching may weigh of a contact: identifiers, names, birth date, place, and the tenant's match fields. */
export interface EvidenceContact {
  id: string;
  phone: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  company: string | null;
  city: string | null;
  birthDate: string | null;
  /** Values of the tenant's match fields, by key. */
  fields: Record<string, string | number | null | undefined>;
}

/** A contact's comparable forms, derived once (a scan compares each contact many times). */
export interface PreparedContact {
  id: string;
  identity: string;
  mailbox: string | null;
  first: string;
  last: string;
  firstSound: string;
  lastSound: string;
  birth: string | null;
  company: string;
  city: string;
  fields: Map<string, string>;
}

/** Names repeat across a tenant: each one's sound key is worked out once (up to a bound). */
const soundKeys = new Map<string, string>();
function soundOf(name: string): string {
  let key = soundKeys.get(name);
  if (key === undefined) {
    if (soundKeys.size >= 200_000) soundKeys.clear();
    key = soundKey(name);
    soundKeys.set(name, key);
  }
  return key;
}

export function prepareContact(c: EvidenceContact, matchFields: readonly MatchFieldDefinition[]): PreparedContact {
  const fields = new Map<string, string>();
  for (const { key, comparison } of matchFields) {
    const value = c.fields[key];
    if (value === null || value === undefined || value === '') continue;
    fields.set(key, comparison === 'number' ? String(Number(value)) : comparison === 'date' ? String(value) : foldText(String(value)));
  }
  const birth = c.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(c.birthDate) ? c.birthDate : null;
  return {
    id: c.id,
    identity: phoneIdentity(c.phone),
    mailbox: mailboxOf(c.email),
    first: givenName(c.firstName),
    last: foldText(c.lastName),
    firstSound: soundOf(givenName(c.firstName)),
    lastSound: soundOf(foldText(c.lastName)),
    birth,
    company: foldText(c.company),
    city: foldText(c.city),
    fields,
  };
}

/**
 * One field's comparison: the level a pair reaches, from full agreement (0) to disagreement (the
 * last), or null when one side has no value (no evidence either way).
 */
export interface FieldComparator {
  field: string;
  levels: readonly string[];
  compare(a: PreparedContact, b: PreparedContact): number | null;
}

const similarity = (x: string, y: string) => (x === y ? 1 : jaroWinkler(x, y));

/** exact, very alike (0.92), alike (0.8), different. */
function nameLevel(x: string, y: string, known?: number): number | null {
  if (!x || !y) return null;
  const s = known ?? similarity(x, y);
  return s === 1 ? 0 : s >= 0.92 ? 1 : s >= 0.8 ? 2 : 3;
}

type Orientation = { first: [string, string]; last: [string, string]; firstSimilarity: number; lastSimilarity: number };
/** The last pair oriented: the first-name and last-name comparators of one pair ask in turn. */
let oriented: { a: PreparedContact; b: PreparedContact; orientation: Orientation } | undefined;

/** First and last name compared as written, or swapped when that agrees better (a common mix-up). */
function nameOrientation(a: PreparedContact, b: PreparedContact): Orientation {
  if (oriented?.a === a && oriented.b === b) return oriented.orientation;
  const [firstDirect, lastDirect] = [similarity(a.first, b.first), similarity(a.last, b.last)];
  const crossed = a.first && a.last && b.first && b.last && firstDirect + lastDirect < 2;
  const [firstSwapped, lastSwapped] = crossed ? [similarity(a.first, b.last), similarity(a.last, b.first)] : [0, 0];
  const orientation: Orientation =
    firstSwapped + lastSwapped > firstDirect + lastDirect
      ? { first: [a.first, b.last], last: [a.last, b.first], firstSimilarity: firstSwapped, lastSimilarity: lastSwapped }
      : { first: [a.first, b.first], last: [a.last, b.last], firstSimilarity: firstDirect, lastSimilarity: lastDirect };
  oriented = { a, b, orientation };
  return orientation;
}

/** Digits of two dates that differ (same length). */
const digitsApart = (x: string, y: string) => [...x].filter((ch, i) => ch !== y[i]).length;

/** exact, day and month swapped, one digit mistyped, different. */
export function dateLevel(x: string | null | undefined, y: string | null | undefined): number | null {
  if (!x || !y) return null;
  if (x === y) return 0;
  const [xy, xm, xd] = x.split('-');
  const [yy, ym, yd] = y.split('-');
  if (xy === yy && xm === yd && xd === ym) return 1;
  if (x.length === y.length && digitsApart(x.replace(/-/g, ''), y.replace(/-/g, '')) === 1) return 2;
  return 3;
}

function fieldComparator(definition: MatchFieldDefinition): FieldComparator {
  const field = `custom.${definition.key}`;
  const values = (a: PreparedContact, b: PreparedContact) => [a.fields.get(definition.key), b.fields.get(definition.key)] as const;
  switch (definition.comparison) {
    case 'text':
      return { field, levels: ['the same', 'very alike', 'alike', 'different'], compare: (a, b) => nameLevel(...(values(a, b).map((v) => v ?? '') as [string, string])) };
    case 'date':
      return { field, levels: ['the same', 'day and month swapped', 'one digit apart', 'different'], compare: (a, b) => dateLevel(...values(a, b)) };
    case 'number':
      return {
        field,
        levels: ['equal', 'within 1 %', 'different'],
        compare: (a, b) => {
          const [x, y] = values(a, b).map(Number);
          if (x === undefined || y === undefined || Number.isNaN(x) || Number.isNaN(y)) return null;
          return x === y ? 0 : Math.abs(x - y) <= 0.01 * Math.max(Math.abs(x), Math.abs(y)) ? 1 : 2;
        },
      };
    default:
      return {
        field,
        levels: ['the same', 'different'],
        compare: (a, b) => {
          const [x, y] = values(a, b);
          return x === undefined || y === undefined ? null : x === y ? 0 : 1;
        },
      };
  }
}

/** The comparisons a tenant's pairs are scored by: the standard fields, then its match fields. */
export function comparatorsFor(matchFields: readonly MatchFieldDefinition[]): FieldComparator[] {
  const standard: FieldComparator[] = [
    { field: 'phone', levels: ['one line', 'different'], compare: (a, b) => (a.identity === b.identity ? 0 : 1) },
    { field: 'email', levels: ['one mailbox', 'different'], compare: (a, b) => (a.mailbox && b.mailbox ? (a.mailbox === b.mailbox ? 0 : 1) : null) },
    {
      field: 'firstName',
      levels: ['the same', 'very alike', 'alike', 'different'],
      compare: (a, b) => {
        const o = nameOrientation(a, b);
        return nameLevel(...o.first, o.firstSimilarity);
      },
    },
    {
      field: 'lastName',
      levels: ['the same', 'very alike', 'alike', 'different'],
      compare: (a, b) => {
        const o = nameOrientation(a, b);
        return nameLevel(...o.last, o.lastSimilarity);
      },
    },
    { field: 'birthDate', levels: ['the same', 'day and month swapped', 'one digit apart', 'different'], compare: (a, b) => dateLevel(a.birth, b.birth) },
    { field: 'company', levels: ['the same', 'different'], compare: (a, b) => (a.company && b.company ? (a.company === b.company ? 0 : 1) : null) },
    { field: 'city', levels: ['the same', 'different'], compare: (a, b) => (a.city && b.city ? (a.city === b.city ? 0 : 1) : null) },
  ];
  return [...standard, ...matchFields.map(fieldComparator)];
}

/** The level of each comparator for a pair (null: no evidence). */
export function compareContacts(a: PreparedContact, b: PreparedContact, comparators: readonly FieldComparator[]): Array<number | null> {
  return comparators.map((c) => c.compare(a, b));
}
