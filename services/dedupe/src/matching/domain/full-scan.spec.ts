import { MatchableContact } from './pair-scorer';
import { scanContacts } from './full-scan';

const contact = (id: string, patch: Partial<MatchableContact>): MatchableContact => ({
  id, phone: `+49151000000${id.padStart(2, '0')}`, firstName: null, lastName: null, email: null, company: null, location: { country: null, city: null }, tags: [], ...patch,
});

describe('scanContacts', () => {
  it('finds phone variants, shared mailboxes and swapped names, and nothing between strangers', () => {
    const { pairs } = scanContacts([
      contact('1', { phone: '+5511987654321', firstName: 'Ana', lastName: 'Souza' }),
      contact('2', { phone: '+551187654321', firstName: 'Ana', lastName: 'Sousa' }),
      contact('3', { email: 'carla.dias@gmail.com', firstName: 'Carla', lastName: 'Dias' }),
      contact('4', { email: 'CarlaDias+shop@googlemail.com', firstName: 'Carla', lastName: 'Dias' }),
      contact('5', { firstName: 'Weber', lastName: 'Paul', company: 'Weber GmbH', email: 'pw@weber.de' }),
      contact('6', { firstName: 'Paul', lastName: 'Weber', company: 'Weber GmbH', email: 'pw@weber.de' }),
      contact('7', { firstName: 'Otto', lastName: 'Meyer' }),
    ]);
    expect(pairs.map((p) => [p.a, p.b].sort().join('-')).sort()).toEqual(['1-2', '3-4', '5-6']);
  });

  it('meets a name at the same company that is both swapped and misspelt, but not a colleague', () => {
    const { pairs } = scanContacts([
      contact('1', { firstName: 'Fernanda', lastName: 'Almeida Soares', company: 'Oliveira Ltda', location: { country: 'BR', city: null } }),
      contact('2', { firstName: 'Aleida Soares', lastName: 'Fernanda', company: 'Oliveira Ltda', location: { country: 'BR', city: null } }),
      contact('3', { firstName: 'Fernanda', lastName: 'Costa', company: 'Oliveira Ltda', location: { country: 'BR', city: null } }),
    ]);
    expect(pairs.map((p) => [p.a, p.b].sort().join('-'))).toEqual(['1-2']);
  });

  it('scores each pair once however many blocks it shares, and skips blocks too broad to compare', () => {
    const names = [['Otto', 'Meyer'], ['Lena', 'Schulz'], ['Jonas', 'Becker'], ['Mia', 'Hoffmann'], ['Paul', 'Wagner']];
    const office = names.map(([firstName, lastName], i) => contact(String(10 + i), { phone: '+4930123456', firstName, lastName }));
    const twins = [contact('1', { phone: '+4915111', email: 'a@x.de', firstName: 'Ana', lastName: 'Lima' }), contact('2', { phone: '+4915111', email: 'a@x.de', firstName: 'Ana', lastName: 'Lima' })];
    const result = scanContacts([...twins, ...office], { threshold: 0.6, maxBlockMembers: 4 });
    expect(result.saturatedBlocks).toBe(1);
    expect(result.pairs).toEqual([{ a: '1', b: '2', score: expect.any(Number), features: [expect.objectContaining({ feature: 'email' }), expect.objectContaining({ feature: 'name' })] }]);
    expect(result.compared).toBe(1);
  });
});
