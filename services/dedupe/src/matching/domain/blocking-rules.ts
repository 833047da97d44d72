import { MatchFieldDefinition, PreparedContact } from './evidence';

/** Receives one blocking key of a contact, in one or two parts (stored as `first|second`). */
export type KeySink = (first: string, second?: string) => void;

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
  /** Hands each of the contact's keys to `key` (a scan keys a million contacts: no arrays per contact). */
  keys(contact: PreparedContact, key: KeySink): void;
}

const year = (birth: string) => birth.slice(0, 4);

/** Each of the contact's exact match field values with `part`. */
const withEachField = (c: PreparedContact, part: string, key: KeySink) => {
  for (const value of c.fieldKeys) key(part, value);
};

export function blockingRules(matchFields: readonly MatchFieldDefinition[]): BlockingRule[] {
  const custom = (fields: readonly MatchFieldDefinition[]) => fields.map((f) => `custom.${f.key}`);
  const exactFields = custom(matchFields.filter((f) => f.comparison === 'exact' || f.comparison === 'date'));
  return [
    { name: 'phone line', fields: ['phone'], keys: (c, key) => key(c.identity) },
    { name: 'mailbox', fields: ['email'], keys: (c, key) => c.mailbox && key(c.mailbox) },
    { name: 'name sounds + birth year', fields: ['firstName', 'lastName', 'birthDate'], keys: (c, key) => c.nameSounds && c.birth && key(c.nameSounds, year(c.birth)) },
    { name: 'first name + birth date', fields: ['firstName', 'birthDate'], keys: (c, key) => c.first && c.birth && key(c.first, c.birth) },
    { name: 'last name + birth date', fields: ['lastName', 'birthDate'], keys: (c, key) => c.last && c.birth && key(c.last, c.birth) },
    { name: 'last name sound + match field', fields: ['lastName', ...exactFields], keys: (c, key) => c.lastSound && withEachField(c, c.lastSound, key) },
    { name: 'first name sound + match field', fields: ['firstName', ...exactFields], keys: (c, key) => c.firstSound && withEachField(c, c.firstSound, key) },
    { name: 'birth date + match field', fields: ['birthDate', ...exactFields], keys: (c, key) => c.birth && withEachField(c, c.birth, key) },
    {
      name: 'match field + house number',
      fields: custom(matchFields),
      keys: (c, key) => {
        for (const value of c.fieldKeys) for (const word of c.firstWords) key(value, word);
      },
    },
    { name: 'name sounds + city', fields: ['firstName', 'lastName', 'city'], cap: 20, keys: (c, key) => c.nameSounds && c.city && key(c.nameSounds, c.city) },
    // Rules on a city are broad (a common surname, or a birthday, in a large city): only their
    // small blocks are worth comparing.
    { name: 'last name sound + city', fields: ['lastName', 'city'], cap: 20, keys: (c, key) => c.lastSound && c.city && key(c.lastSound, c.city) },
    { name: 'birth date + city', fields: ['birthDate', 'city'], cap: 20, keys: (c, key) => c.birth && c.city && key(c.birth, c.city) },
    {
      name: 'name + company',
      fields: ['firstName', 'lastName', 'company'],
      keys: (c, key) => {
        if (!c.company) return;
        if (c.firstSound) key(c.company, c.firstSound);
        if (c.lastSound) key(c.company, c.lastSound);
      },
    },
  ];
}

/** A contact's blocking keys under the rules, as stored: `rule:first|second`. */
export function keyStrings(rules: readonly BlockingRule[], contact: PreparedContact): string[] {
  const keys: string[] = [];
  for (const rule of rules) rule.keys(contact, (first, second) => keys.push(`${rule.name}:${second === undefined ? first : `${first}|${second}`}`));
  return keys;
}
