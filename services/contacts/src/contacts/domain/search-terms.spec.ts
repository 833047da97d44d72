import { keywordRanges, searchTerms } from './search-terms';

const contact = { phone: '+4915123456789', firstName: 'Anna-Lena', lastName: 'Müller', email: 'anna@example.com', company: 'ACME GmbH' };

function matches(keyword: string): boolean {
  const terms = searchTerms(contact);
  return keywordRanges(keyword).every((r) => terms.some((t) => t >= r.$gte && t < r.$lt));
}

describe('search terms', () => {
  it.each(['anna', 'lena', 'mull', 'acme', 'Anna Müller', 'anna@example.com', 'example', '+49 151', '23456', '4915123456789', '789'])(
    'finds the contact by %j',
    (keyword) => expect(matches(keyword)).toBe(true),
  );

  it.each(['bob', '999', 'anna smith'])('does not find it by %j', (keyword) => expect(matches(keyword)).toBe(false));

  it('makes no range of a blank keyword', () => {
    expect(keywordRanges('   ')).toEqual([]);
  });
});
