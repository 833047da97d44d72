import { blockingRules } from './blocking-rules';
import { EvidenceContact, prepareContact } from './evidence';
import { blockedPairs } from './evidence-scan';

const person = (id: string, fields: Partial<EvidenceContact>): EvidenceContact => ({
  id, phone: `+49151${id.padStart(8, '0')}`, firstName: 'Isabelle', lastName: 'Vincent', email: null, company: null, city: null, birthDate: '1976-05-17', fields: {}, ...fields,
});

describe('blocking rules', () => {
  it('brings a pair to comparison once, however many rules join it, and counts what each rule added', () => {
    const contacts = [person('1', {}), person('2', { firstName: 'Isabel' }), person('3', { lastName: 'Nguyen', birthDate: '1950-01-01' })].map((c) => prepareContact(c, []));
    const { pairs, rules } = blockedPairs(contacts, blockingRules([]), 200);
    expect([pairs.length, pairs.x(0), pairs.y(0)]).toEqual([1, 0, 1]);
    expect(rules.reduce((sum, r) => sum + r.comparisons, 0)).toBe(1);
  });

  it('skips blocks over the cap, and says how many', () => {
    const contacts = Array.from({ length: 5 }, (_, i) => prepareContact(person(String(i), {}), []));
    const { pairs, rules } = blockedPairs(contacts, blockingRules([]), 4);
    expect(pairs.length).toBe(0);
    expect(rules.find((r) => r.rule === 'name sounds + birth year')).toMatchObject({ saturatedBlocks: 1, comparisons: 0 });
  });

  it('never pairs a contact with itself when one rule keys it twice', () => {
    // First and last name sound alike: "name + company" keys the contact twice with one key.
    const contacts = [person('1', { firstName: 'Marta', lastName: 'Marta', company: 'Acme', birthDate: null })].map((c) => prepareContact(c, []));
    expect(blockedPairs(contacts, blockingRules([]), 200).pairs.length).toBe(0);
  });
});
