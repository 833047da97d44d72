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
  /** Both name sounds, order-free (`sound+sound`): swapped first and last names meet. */
  nameSounds: string;
  birth: string | null;
  company: string;
  city: string;
  fields: Map<string, string>;
  /** `key=value` of each exact or date match field the contact has, as blocking keys. */
  fieldKeys: string[];
  /** The first word (the house number of an address) of each text match field the contact has. */
  firstWords: string[];
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
  const fieldKeys: string[] = [];
  const firstWords: string[] = [];
  for (const { key, comparison } of matchFields) {
    const value = c.fields[key];
    if (value === null || value === undefined || value === '') continue;
    const folded = comparison === 'number' ? String(Number(value)) : comparison === 'date' ? String(value) : foldText(String(value));
    fields.set(key, folded);
    if (comparison === 'exact' || comparison === 'date') fieldKeys.push(`${key}=${folded}`);
    const firstWord = comparison === 'text' ? folded.split(' ')[0] : '';
    if (firstWord) firstWords.push(firstWord);
  }
  const birth = c.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(c.birthDate) ? c.birthDate : null;
  const [first, last] = [givenName(c.firstName), foldText(c.lastName)];
  const [firstSound, lastSound] = [soundOf(first), soundOf(last)];
  return {
    id: c.id,
    identity: phoneIdentity(c.phone),
    mailbox: mailboxOf(c.email),
    first,
    last,
    firstSound,
    lastSound,
    nameSounds: firstSound && lastSound ? (firstSound < lastSound ? `${firstSound}+${lastSound}` : `${lastSound}+${firstSound}`) : '',
    birth,
    company: foldText(c.company),
    city: foldText(c.city),
    fields,
    fieldKeys,
    firstWords,
  };
}

/**
 * One field's comparison: the level a pair reaches, from full agreement (0) to disagreement (the
 * last), or null when one side has no value (no evidence either way).
 */
export interface FieldComparator {
  field: string;
  levels: readonly string[];
  /** Compares by string similarity: weighed last, and skipped when the rest already rule the pair out. */
  costly?: boolean;
  compare(a: PreparedContact, b: PreparedContact): number | null;
}

const similarity = (x: string, y: string) => (x === y ? 1 : jaroWinkler(x, y));

/** exact, very alike (0.92), alike (0.8), different. */
function nameLevel(x: string, y: string, known?: number): number | null {
  if (!x || !y) return null;
  const s = known ?? similarity(x, y);
  return s === 1 ? 0 : s >= 0.92 ? 1 : s >= 0.8 ? 2 : 3;
}

/**
 * How the last pair's names line up: as written, or swapped when that agrees better (a common
 * mix-up). Kept for the pair (the first-name and last-name comparators of one pair ask in turn),
 * in one object reused pair after pair: a scan orients millions.
 */
const oriented = { a: null as PreparedContact | null, b: null as PreparedContact | null, swapped: false, firstSimilarity: 0, lastSimilarity: 0 };

function nameOrientation(a: PreparedContact, b: PreparedContact): typeof oriented {
  if (oriented.a === a && oriented.b === b) return oriented;
  const firstDirect = similarity(a.first, b.first);
  const lastDirect = similarity(a.last, b.last);
  const crossed = a.first && a.last && b.first && b.last && firstDirect + lastDirect < 2;
  const firstSwapped = crossed ? similarity(a.first, b.last) : 0;
  const lastSwapped = crossed ? similarity(a.last, b.first) : 0;
  oriented.a = a;
  oriented.b = b;
  oriented.swapped = firstSwapped + lastSwapped > firstDirect + lastDirect;
  oriented.firstSimilarity = oriented.swapped ? firstSwapped : firstDirect;
  oriented.lastSimilarity = oriented.swapped ? lastSwapped : lastDirect;
  return oriented;
}

/** Whether `n` characters of x from `i` equal those of y from `j`. */
function sameRun(x: string, i: number, y: string, j: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (x.charCodeAt(i + k) !== y.charCodeAt(j + k)) return false;
  return true;
}

/** Whether two strings of one length differ in exactly one character. */
function oneApart(x: string, y: string): boolean {
  let apart = 0;
  for (let k = 0; k < x.length && apart < 2; k++) if (x.charCodeAt(k) !== y.charCodeAt(k)) apart += 1;
  return apart === 1;
}

/** exact, day and month swapped (YYYY-MM-DD), one digit mistyped, different. */
export function dateLevel(x: string | null | undefined, y: string | null | undefined): number | null {
  if (!x || !y) return null;
  if (x === y) return 0;
  if (x.length !== y.length) return 3;
  if (x.length === 10 && sameRun(x, 0, y, 0, 5) && sameRun(x, 5, y, 8, 2) && sameRun(x, 8, y, 5, 2)) return 1;
  return oneApart(x, y) ? 2 : 3;
}

const SIMILARITY_LEVELS = ['the same', 'very alike', 'alike', 'different'] as const;
const DATE_LEVELS = ['the same', 'day and month swapped', 'one digit apart', 'different'] as const;
const SAME_OR_DIFFERENT = ['the same', 'different'] as const;

/** the same, different, or null when either side has no value. */
const exactLevel = (x: string | null | undefined, y: string | null | undefined) => (!x || !y ? null : x === y ? 0 : 1);

/** First or last name, compared as `nameOrientation` lined the pair's names up. */
function nameComparator(field: 'firstName' | 'lastName'): FieldComparator {
  const first = field === 'firstName';
  return {
    field,
    levels: SIMILARITY_LEVELS,
    costly: true,
    compare: (a, b) => {
      const o = nameOrientation(a, b);
      const other = first !== o.swapped ? b.first : b.last;
      return nameLevel(first ? a.first : a.last, other, first ? o.firstSimilarity : o.lastSimilarity);
    },
  };
}

function fieldComparator(definition: MatchFieldDefinition): FieldComparator {
  const field = `custom.${definition.key}`;
  const { key } = definition;
  switch (definition.comparison) {
    case 'text':
      return { field, levels: SIMILARITY_LEVELS, costly: true, compare: (a, b) => nameLevel(a.fields.get(key) ?? '', b.fields.get(key) ?? '') };
    case 'date':
      return { field, levels: DATE_LEVELS, compare: (a, b) => dateLevel(a.fields.get(key), b.fields.get(key)) };
    case 'number':
      return {
        field,
        levels: ['equal', 'within 1 %', 'different'],
        compare: (a, b) => {
          const [x, y] = [Number(a.fields.get(key)), Number(b.fields.get(key))];
          if (Number.isNaN(x) || Number.isNaN(y)) return null;
          return x === y ? 0 : Math.abs(x - y) <= 0.01 * Math.max(Math.abs(x), Math.abs(y)) ? 1 : 2;
        },
      };
    default:
      return {
        field,
        levels: SAME_OR_DIFFERENT,
        compare: (a, b) => {
          const [x, y] = [a.fields.get(key), b.fields.get(key)];
          return x === undefined || y === undefined ? null : x === y ? 0 : 1;
        },
      };
  }
}

/** The comparisons a tenant's pairs are scored by: the standard fields, then its match fields. */
export function comparatorsFor(matchFields: readonly MatchFieldDefinition[]): FieldComparator[] {
  const standard: FieldComparator[] = [
    { field: 'phone', levels: ['one line', 'different'], compare: (a, b) => (a.identity === b.identity ? 0 : 1) },
    { field: 'email', levels: ['one mailbox', 'different'], compare: (a, b) => exactLevel(a.mailbox, b.mailbox) },
    nameComparator('firstName'),
    nameComparator('lastName'),
    { field: 'birthDate', levels: DATE_LEVELS, compare: (a, b) => dateLevel(a.birth, b.birth) },
    { field: 'company', levels: SAME_OR_DIFFERENT, compare: (a, b) => exactLevel(a.company, b.company) },
    { field: 'city', levels: SAME_OR_DIFFERENT, compare: (a, b) => exactLevel(a.city, b.city) },
  ];
  return [...standard, ...matchFields.map(fieldComparator)];
}

/** The level of each comparator for a pair (null: no evidence). */
export function compareContacts(a: PreparedContact, b: PreparedContact, comparators: readonly FieldComparator[]): Array<number | null> {
  return comparators.map((c) => c.compare(a, b));
}
