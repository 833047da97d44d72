import { EvidenceContact, comparatorsFor, compareContacts, dateLevel, prepareContact } from './evidence';

const contact = (fields: Partial<EvidenceContact>): EvidenceContact => ({
  id: 'x', phone: '+4915123456789', firstName: null, lastName: null, email: null, company: null, city: null, birthDate: null, fields: {}, ...fields,
});
const matchFields = [{ key: 'postcode', comparison: 'exact' as const }, { key: 'address', comparison: 'text' as const }];
const levels = (a: Partial<EvidenceContact>, b: Partial<EvidenceContact>) => {
  const comparators = comparatorsFor(matchFields);
  const result = compareContacts(prepareContact(contact(a), matchFields), prepareContact(contact(b), matchFields), comparators);
  return Object.fromEntries(comparators.map((c, i) => [c.field, result[i] === null ? null : c.levels[result[i]!]]));
};

describe('field comparisons', () => {
  it('grades birth dates: the same, day and month swapped, one digit mistyped, different', () => {
    expect(dateLevel('1980-03-07', '1980-03-07')).toBe(0);
    expect(dateLevel('1980-03-07', '1980-07-03')).toBe(1);
    expect(dateLevel('1980-03-07', '1980-03-01')).toBe(2);
    expect(dateLevel('1980-03-07', '1975-11-23')).toBe(3);
    expect(dateLevel(null, '1980-03-07')).toBeNull();
  });

  it('compares names as written or swapped, nicknames folded, and leaves out what one side lacks', () => {
    expect(levels({ firstName: 'Bob', lastName: 'Smith' }, { firstName: 'Robert', lastName: 'Smyth' })).toMatchObject({ firstName: 'the same', lastName: 'alike' });
    expect(levels({ firstName: 'Anna', lastName: 'Lenz' }, { firstName: 'Lenz', lastName: 'Anna' })).toMatchObject({ firstName: 'the same', lastName: 'the same' });
    expect(levels({ firstName: 'Anna' }, { firstName: 'Anna', email: 'a@example.com' })).toMatchObject({ lastName: null, email: null, birthDate: null });
  });

  it("compares a tenant's match fields by their type", () => {
    expect(levels({ fields: { postcode: '2193', address: '23 gundulu place' } }, { fields: { postcode: '2193', address: '23 gundulu plcae' } })).toMatchObject({
      'custom.postcode': 'the same', 'custom.address': 'very alike',
    });
    expect(levels({ fields: { postcode: '2193' } }, { fields: { postcode: '2913' } })).toMatchObject({ 'custom.postcode': 'different', 'custom.address': null });
  });
});
