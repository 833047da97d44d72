import { SearchableContact, keywordQuery, searchTerms } from './search-terms';

const contact = { phone: '+4915123456789', firstName: 'Anna-Lena', lastName: 'Müller', email: 'anna@example.com', company: 'ACME GmbH' };

function matches(keyword: string, who: SearchableContact = contact): boolean {
  const terms = searchTerms(who);
  const query = keywordQuery(keyword);
  return query.terms.length > 0 && query.terms.every((t) => terms.includes(t)) && (!query.phoneDigits || who.phone.includes(query.phoneDigits));
}

describe('search terms', () => {
  it.each(['anna', 'lena', 'mull', 'acme', 'Anna Müller', 'anna@example.com', 'example', '+49 151', '23456', '4915123456789', '789'])(
    'finds the contact by %j',
    (keyword) => expect(matches(keyword)).toBe(true),
  );

  it.each(['bob', '999', 'anna smith', '12399', 'n'])('does not find it by %j', (keyword) => expect(matches(keyword)).toBe(false));

  it('needs every word in one contact, not spread over two', () => {
    expect(matches('ana', { ...contact, firstName: 'Bruno', lastName: null, company: 'Padaria Ana' })).toBe(true);
    expect(matches('anna bruno')).toBe(false);
  });
});
