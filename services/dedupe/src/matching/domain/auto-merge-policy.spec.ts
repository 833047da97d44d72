import { autoMergeApplies } from './auto-merge-policy';
import { MatchableContact, scorePair } from './pair-scorer';

const contact = (id: string, patch: Partial<MatchableContact>): MatchableContact => ({
  id, phone: '+5511987654321', firstName: 'João', lastName: 'Pereira', email: null, company: null, location: { country: 'BR', city: null }, tags: [], ...patch,
});
const applies = (a: MatchableContact, b: MatchableContact) => autoMergeApplies('phone-variant-same-name', scorePair(a, b));

describe('auto-merge policy phone-variant-same-name', () => {
  it('takes one line written two ways under the same name', () => {
    expect(applies(contact('a', {}), contact('b', { phone: '+551187654321', firstName: 'Joao' }))).toBe(true);
  });

  it('leaves everything else to review: another name, or a shared email without the line', () => {
    expect(applies(contact('a', {}), contact('b', { phone: '+551187654321', firstName: 'Maria' }))).toBe(false);
    expect(applies(contact('a', { email: 'j@x.com' }), contact('b', { phone: '+5521999999999', email: 'j@x.com' }))).toBe(false);
  });
});
