import { ComputedTraits, applyActivity } from './traits';

const none: ComputedTraits = { totalSpent: 0, purchaseCount: 0, firstPurchaseAt: null, lastPurchaseAt: null, lastActivityAt: null, lastMessageReadAt: null };
const at = (day: number) => new Date(Date.UTC(2026, 0, day));

describe('applyActivity', () => {
  it('keeps purchase traits right whatever order activities arrive in', () => {
    const activities = [
      { kind: 'purchase' as const, occurredAt: at(10), amount: 100.1 },
      { kind: 'message.read' as const, occurredAt: at(12) },
      { kind: 'purchase' as const, occurredAt: at(3), amount: 50.2 },
    ];
    const forward = activities.reduce(applyActivity, none);
    const backward = [...activities].reverse().reduce(applyActivity, none);
    expect(forward).toEqual(backward);
    expect(forward).toEqual({ totalSpent: 150.3, purchaseCount: 2, firstPurchaseAt: at(3), lastPurchaseAt: at(10), lastActivityAt: at(12), lastMessageReadAt: at(12) });
  });

  it('counts only activity recency for other kinds', () => {
    expect(applyActivity(none, { kind: 'campaign.received', occurredAt: at(5) })).toEqual({ ...none, lastActivityAt: at(5) });
  });
});
