import { autoMergeApplies } from './auto-merge-policy';
import { EvidenceContact, prepareContact } from './evidence';
import { matcherFor, scoreEvidence } from './evidence-score';

const contact = (id: string, patch: Partial<EvidenceContact>): EvidenceContact => ({
  id, phone: '+5511987654321', firstName: 'João', lastName: 'Pereira', email: null, company: null, city: null, birthDate: null, fields: {}, ...patch,
});
const applies = (a: EvidenceContact, b: EvidenceContact) =>
  autoMergeApplies('phone-variant-same-name', scoreEvidence(matcherFor([]), prepareContact(a, []), prepareContact(b, []), { a, b }));

describe('auto-merge policy phone-variant-same-name', () => {
  it('takes one line written two ways under the same name', () => {
    expect(applies(contact('a', {}), contact('b', { phone: '+551187654321', firstName: 'Joao' }))).toBe(true);
  });

  it('leaves everything else to review: another name, or a shared email without the line', () => {
    expect(applies(contact('a', {}), contact('b', { phone: '+551187654321', firstName: 'Maria' }))).toBe(false);
    expect(applies(contact('a', { email: 'j@x.com' }), contact('b', { phone: '+5521999999999', email: 'j@x.com' }))).toBe(false);
  });
});
