import { MatchFieldDefinition, PreparedContact } from './evidence';

/**
 * A blocking rule: contacts sharing one of its keys are compared. Rules are unioned, so a pair is
 * found when any rule brings it together, and recall does not hang on one identifier.
 */
export interface BlockingRule {
  name: string;
  /** The comparison fields its pairs agree on by construction: they teach nothing about those fields. */
  fields: readonly string[];
  /** Blocks over this many contacts are not compared; broad rules take a lower cap than the scan's. */
  cap?: number;
  keys(contact: PreparedContact): string[];
}

const year = (birth: string | null) => birth?.slice(0, 4) ?? '';
/** Both name sounds, order-free: swapped first and last names meet. */
const nameSounds = (c: PreparedContact) => [c.firstSound, c.lastSound].filter(Boolean).sort().join('+');

/** The first word of a text field: the house number of an address. */
const firstWord = (value: string | undefined) => value?.split(' ')[0] ?? '';

export function blockingRules(matchFields: readonly MatchFieldDefinition[]): BlockingRule[] {
  const exactFields = matchFields.filter((f) => f.comparison === 'exact' || f.comparison === 'date');
  const textFields = matchFields.filter((f) => f.comparison === 'text');
  const custom = (fields: readonly MatchFieldDefinition[]) => fields.map((f) => `custom.${f.key}`);
  const exactValues = (c: PreparedContact) => exactFields.flatMap((f) => (c.fields.has(f.key) ? [`${f.key}=${c.fields.get(f.key)}`] : []));
  return [
    { name: 'phone line', fields: ['phone'], keys: (c) => [c.identity] },
    { name: 'mailbox', fields: ['email'], keys: (c) => (c.mailbox ? [c.mailbox] : []) },
    { name: 'name sounds + birth year', fields: ['firstName', 'lastName', 'birthDate'], keys: (c) => (c.firstSound && c.lastSound && c.birth ? [`${nameSounds(c)}|${year(c.birth)}`] : []) },
    { name: 'first name + birth date', fields: ['firstName', 'birthDate'], keys: (c) => (c.first && c.birth ? [`${c.first}|${c.birth}`] : []) },
    { name: 'last name + birth date', fields: ['lastName', 'birthDate'], keys: (c) => (c.last && c.birth ? [`${c.last}|${c.birth}`] : []) },
    { name: 'last name sound + match field', fields: ['lastName', ...custom(exactFields)], keys: (c) => (c.lastSound ? exactValues(c).map((v) => `${c.lastSound}|${v}`) : []) },
    { name: 'first name sound + match field', fields: ['firstName', ...custom(exactFields)], keys: (c) => (c.firstSound ? exactValues(c).map((v) => `${c.firstSound}|${v}`) : []) },
    { name: 'birth date + match field', fields: ['birthDate', ...custom(exactFields)], keys: (c) => (c.birth ? exactValues(c).map((v) => `${c.birth}|${v}`) : []) },
    {
      name: 'match field + house number',
      fields: custom(matchFields),
      keys: (c) => exactValues(c).flatMap((v) => textFields.map((f) => firstWord(c.fields.get(f.key))).filter(Boolean).map((word) => `${v}|${word}`)),
    },
    { name: 'name sounds + city', fields: ['firstName', 'lastName', 'city'], cap: 20, keys: (c) => (c.firstSound && c.lastSound && c.city ? [`${nameSounds(c)}|${c.city}`] : []) },
    // Rules on a city are broad (a common surname, or a birthday, in a large city): only their
    // small blocks are worth comparing.
    { name: 'last name sound + city', fields: ['lastName', 'city'], cap: 20, keys: (c) => (c.lastSound && c.city ? [`${c.lastSound}|${c.city}`] : []) },
    { name: 'birth date + city', fields: ['birthDate', 'city'], cap: 20, keys: (c) => (c.birth && c.city ? [`${c.birth}|${c.city}`] : []) },
    { name: 'name + company', fields: ['firstName', 'lastName', 'company'], keys: (c) => (c.company ? [c.firstSound, c.lastSound].filter(Boolean).map((s) => `${c.company}|${s}`) : []) },
  ];
}
