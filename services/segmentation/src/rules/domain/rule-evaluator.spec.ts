import { exampleContact } from '@roster/contracts';
import { RuleNode } from './rule';
import { EvaluationContext, lifecycleStage, matches, nextFlip } from './rule-evaluator';
import { DEFAULT_LIFECYCLE, SegmentContact, segmentContactOf } from './segment-contact';

const NOW = Date.parse('2026-07-01T12:00:00Z');
const at = (now = NOW): EvaluationContext => ({ now, lifecycle: DEFAULT_LIFECYCLE });
const contact = (patch: Partial<SegmentContact> = {}, traits: Partial<SegmentContact['traits']> = {}): SegmentContact => {
  const base = segmentContactOf(exampleContact);
  return { ...base, ...patch, traits: { ...base.traits, ...traits } };
};

describe('matches', () => {
  it('finds VIPs, new customers, Germans and opted-in winter sale leads', () => {
    const vip: RuleNode = { field: 'traits.totalSpent', op: 'gt', value: 1000 };
    expect(matches(vip, contact({}, { totalSpent: 1000.5 }), at())).toBe(true);
    expect(matches(vip, contact({}, { totalSpent: 1000 }), at())).toBe(false);

    const fresh: RuleNode = { field: 'traits.firstPurchaseAt', op: 'withinLast', value: { amount: 30, unit: 'days' } };
    expect(matches(fresh, contact({}, { firstPurchaseAt: '2026-06-05T00:00:00Z' }), at())).toBe(true);
    expect(matches(fresh, contact({}, { firstPurchaseAt: '2026-05-01T00:00:00Z' }), at())).toBe(false);
    expect(matches(fresh, contact({}, { firstPurchaseAt: null }), at())).toBe(false);

    expect(matches({ field: 'location.country', op: 'eq', value: 'de' }, contact(), at())).toBe(true);

    const winter: RuleNode = { all: [{ field: 'tags', op: 'hasAny', value: [' winter_sale_LEAD '] }, { field: 'consent.whatsapp', op: 'eq', value: 'opted_in' }] };
    expect(matches(winter, contact({ tagKeys: ['winter_sale_lead'] }), at())).toBe(true);
    expect(matches(winter, contact({ tagKeys: ['winter_sale_lead'], consent: { whatsapp: { status: 'opted_out', updatedAt: null } } }), at())).toBe(false);
  });

  it('finds at-risk customers: no purchase in six months, but purchased before', () => {
    const atRisk: RuleNode = { all: [{ field: 'traits.lastPurchaseAt', op: 'moreThanAgo', value: { amount: 6, unit: 'months' } }, { field: 'traits.purchaseCount', op: 'gt', value: 0 }] };
    expect(matches(atRisk, contact({}, { lastPurchaseAt: '2025-12-31T00:00:00Z', purchaseCount: 2 }), at())).toBe(true);
    expect(matches(atRisk, contact({}, { lastPurchaseAt: '2026-01-02T00:00:00Z', purchaseCount: 2 }), at())).toBe(false);
    expect(matches(atRisk, contact({}, { lastPurchaseAt: null, purchaseCount: 0 }), at())).toBe(false);
  });

  it('treats a missing value as not matching, except for negations', () => {
    const none = contact({ company: null });
    expect(matches({ field: 'company', op: 'eq', value: 'x' }, none, at())).toBe(false);
    expect(matches({ field: 'company', op: 'neq', value: 'x' }, none, at())).toBe(true);
    expect(matches({ field: 'company', op: 'notSet' }, none, at())).toBe(true);
    expect(matches({ not: { field: 'company', op: 'isSet' } }, none, at())).toBe(true);
  });

  it('compares custom fields by their value type and lists by id', () => {
    const c = contact({ customFields: { plan: 'Gold', seats: 12, trial: false }, lists: ['l1'] });
    expect(matches({ field: 'custom.plan', op: 'in', value: ['gold'] }, c, at())).toBe(true);
    expect(matches({ field: 'custom.seats', op: 'between', value: [10, 20] }, c, at())).toBe(true);
    expect(matches({ field: 'custom.seats', op: 'eq', value: '12' }, c, at())).toBe(false);
    expect(matches({ field: 'custom.trial', op: 'eq', value: false }, c, at())).toBe(true);
    expect(matches({ field: 'lists', op: 'hasNone', value: ['l2'] }, c, at())).toBe(true);
    expect(matches({ field: 'canMessage', op: 'eq', value: true }, c, at())).toBe(true);
  });
});

describe('nextFlip and lifecycle', () => {
  it('names the instant a relative condition changes, and matches flip there', () => {
    const sixMonths: RuleNode = { field: 'traits.lastPurchaseAt', op: 'moreThanAgo', value: { amount: 6, unit: 'months' } };
    const c = contact({}, { lastPurchaseAt: '2026-02-15T09:30:00Z' });
    const flip = nextFlip(sixMonths, c, at())!;
    expect(new Date(flip).toISOString()).toBe('2026-08-15T09:30:00.001Z');
    expect(matches(sixMonths, c, at(flip - 1))).toBe(false);
    expect(matches(sixMonths, c, at(flip))).toBe(true);
    expect(nextFlip(sixMonths, c, at(flip))).toBeUndefined();
  });

  it('takes the earliest boundary of a group, and none for rules without time', () => {
    const rule: RuleNode = {
      any: [
        { field: 'traits.firstPurchaseAt', op: 'withinLast', value: { amount: 30, unit: 'days' } },
        { field: 'birthDate', op: 'withinNext', value: { amount: 7, unit: 'days' } },
        { field: 'email', op: 'isSet' },
      ],
    };
    const c = contact({ birthDate: '2026-07-20' }, { firstPurchaseAt: '2026-06-25T00:00:00Z' });
    expect(new Date(nextFlip(rule, c, at())!).toISOString()).toBe('2026-07-13T00:00:00.000Z');
    expect(nextFlip({ field: 'email', op: 'isSet' }, c, at())).toBeUndefined();
  });

  it('moves a contact from active to at-risk to inactive as time passes', () => {
    const c = contact({}, { lastActivityAt: '2026-06-10T00:00:00Z' });
    expect(lifecycleStage(c, at())).toBe('active');
    const rule: RuleNode = { field: 'lifecycle', op: 'eq', value: 'at-risk' };
    const toAtRisk = nextFlip(rule, c, at())!;
    expect(new Date(toAtRisk).toISOString()).toBe('2026-07-10T00:00:00.001Z');
    expect(lifecycleStage(c, at(toAtRisk))).toBe('at-risk');
    expect(lifecycleStage(c, at(nextFlip(rule, c, at(toAtRisk))!))).toBe('inactive');
    expect(lifecycleStage(contact({}, { lastActivityAt: null }), at())).toBe('inactive');
  });
});
