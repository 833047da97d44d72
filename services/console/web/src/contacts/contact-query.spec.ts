import { NO_FILTERS, filterParams } from './contact-query';

describe('the grid filter as a query string', () => {
  it('sends only what is chosen, the keyword trimmed, and leaves the order to the search', () => {
    expect(filterParams('  ana ', { ...NO_FILTERS, tag: 'VIP', country: 'BR', sort: 'createdAt:asc' }).toString()).toBe('q=ana&tag=VIP&country=BR');
    expect(filterParams('', NO_FILTERS).toString()).toBe('');
  });

  it('sends a custom field condition only once it has a value, a value with commas and colons kept whole', () => {
    expect(filterParams('', { ...NO_FILTERS, custom: 'tier:' }).toString()).toBe('');
    expect(filterParams('', { ...NO_FILTERS, custom: 'address:Rua A, 10: fundos' }).getAll('custom')).toEqual(['address:Rua A, 10: fundos']);
  });
});
