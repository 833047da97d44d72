import { NO_FILTERS, filterParams, fromSearchQuery, searchQuery } from './contact-query';

describe('the grid filter as a query string', () => {
  it('sends only what is chosen, the keyword trimmed, and leaves the order to the search', () => {
    expect(filterParams('  ana ', { ...NO_FILTERS, tag: 'VIP', country: 'BR', sort: 'createdAt:asc' }).toString()).toBe('q=ana&tag=VIP&country=BR');
    expect(filterParams('', NO_FILTERS).toString()).toBe('');
  });

  it('sends a custom field condition only once it has a value, a value with commas and colons kept whole', () => {
    expect(filterParams('', { ...NO_FILTERS, custom: 'tier:' }).toString()).toBe('');
    expect(filterParams('', { ...NO_FILTERS, custom: 'address:Rua A, 10: fundos' }).getAll('custom')).toEqual(['address:Rua A, 10: fundos']);
  });

  it('round-trips the keyword, filters and order through the query string a saved view keeps', () => {
    const filters = { ...NO_FILTERS, tag: 'VIP', country: 'BR', custom: 'tier:gold, plus', sort: 'updatedAt:desc' };
    const query = searchQuery('ana', filters);
    expect(query).toBe('q=ana&tag=VIP&country=BR&custom=tier%3Agold%2C+plus&sort=updatedAt&order=desc');
    expect(fromSearchQuery(query)).toEqual({ q: 'ana', filters });
    expect(fromSearchQuery('evil=1')).toEqual({ q: '', filters: NO_FILTERS });
  });
});
