import { ContactSnapshot, exampleContact } from '@roster/contracts';
import { planMerge } from './survivor';

const contact = (id: string, patch: Partial<ContactSnapshot>): ContactSnapshot => ({ ...exampleContact, id, ...patch });

describe('planMerge', () => {
  const older = contact('a', {
    createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-02-01T00:00:00.000Z', firstName: 'Ana', company: 'Old GmbH', email: null,
    tags: ['VIP'], lists: ['l1'], customFields: { plan: 'gold' },
    consent: { whatsapp: { status: 'opted_in', updatedAt: '2025-01-01T00:00:00.000Z' } },
    traits: { totalSpent: 100, purchaseCount: 1, firstPurchaseAt: '2025-01-05T00:00:00.000Z', lastPurchaseAt: '2025-01-05T00:00:00.000Z', lastActivityAt: '2025-01-05T00:00:00.000Z', lastMessageReadAt: null },
  });
  const newer = contact('b', {
    createdAt: '2025-06-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', firstName: 'Ana Maria', company: null, email: 'ana@example.com',
    tags: ['vip', 'Newsletter'], lists: ['l2'], customFields: { plan: null, seats: 3 },
    consent: { whatsapp: { status: 'opted_out', updatedAt: '2025-12-01T00:00:00.000Z' } },
    traits: { totalSpent: 50.5, purchaseCount: 2, firstPurchaseAt: '2025-07-01T00:00:00.000Z', lastPurchaseAt: '2025-12-24T00:00:00.000Z', lastActivityAt: '2025-12-24T00:00:00.000Z', lastMessageReadAt: '2025-12-01T00:00:00.000Z' },
  });

  it('keeps the oldest contact, takes the newest non-empty values, unites tags and lists and adds up traits', () => {
    const plan = planMerge([newer, older]);
    expect(plan).toMatchObject({ survivorId: 'a', mergedIds: ['b'] });
    expect(plan.result).toMatchObject({
      id: 'a', firstName: 'Ana Maria', company: 'Old GmbH', email: 'ana@example.com', createdAt: '2025-01-01T00:00:00.000Z',
      tags: ['VIP', 'Newsletter'], lists: ['l1', 'l2'], customFields: { plan: 'gold', seats: 3 },
      traits: { totalSpent: 150.5, purchaseCount: 3, firstPurchaseAt: '2025-01-05T00:00:00.000Z', lastPurchaseAt: '2025-12-24T00:00:00.000Z', lastMessageReadAt: '2025-12-01T00:00:00.000Z' },
    });
    expect(plan.sources).toMatchObject({ firstName: 'b', company: 'a', email: 'b', 'custom.plan': 'a' });
  });

  it('never turns an opt-out into an opt-in', () => {
    expect(planMerge([older, newer]).result.consent.whatsapp.status).toBe('opted_out');
    expect(planMerge([older, { ...newer, consent: { whatsapp: { status: 'unknown', updatedAt: null } } }]).result.consent.whatsapp.status).toBe('unknown');
  });

  it('follows the tenant rules and a chosen survivor', () => {
    const plan = planMerge([older, newer], { fields: { firstName: 'oldest', company: 'survivor' } }, 'b');
    expect(plan).toMatchObject({ survivorId: 'b', mergedIds: ['a'], result: { id: 'b', firstName: 'Ana', company: null } });
    expect(() => planMerge([older])).toThrow('at least two');
    expect(() => planMerge([older, newer], {}, 'zz')).toThrow('not in the group');
  });

  it("keeps a reviewer's choice per field, even an empty value", () => {
    const plan = planMerge([older, newer], {}, undefined, { firstName: 'a', email: 'a', 'custom.seats': 'a' });
    expect(plan.result).toMatchObject({ firstName: 'Ana', email: null, customFields: { plan: 'gold', seats: null } });
    expect(plan.sources).toMatchObject({ firstName: 'a', email: 'a', 'custom.seats': 'a' });
  });
});
