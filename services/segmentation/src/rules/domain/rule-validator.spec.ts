import { validateRule } from './rule-validator';

const problemsOf = (input: unknown, custom?: Record<string, 'text' | 'number' | 'boolean' | 'date' | 'enum'>) => {
  const check = validateRule(input, custom);
  if (check.ok) throw new Error('expected the rule to be refused');
  return check.problems;
};

describe('validateRule', () => {
  it('accepts the rules marketers ask for', () => {
    const rules = [
      { field: 'traits.totalSpent', op: 'gt', value: 1000 },
      { all: [{ field: 'traits.lastPurchaseAt', op: 'moreThanAgo', value: { amount: 6, unit: 'months' } }, { field: 'traits.purchaseCount', op: 'gt', value: 0 }] },
      { field: 'traits.firstPurchaseAt', op: 'withinLast', value: { amount: 30, unit: 'days' } },
      { field: 'location.country', op: 'eq', value: 'DE' },
      { all: [{ field: 'tags', op: 'hasAny', value: ['Winter_Sale_Lead'] }, { field: 'consent.whatsapp', op: 'eq', value: 'opted_in' }] },
      { any: [{ field: 'lifecycle', op: 'eq', value: 'at-risk' }, { not: { field: 'lists', op: 'hasAny', value: ['l1'] } }] },
      { field: 'custom.plan', op: 'in', value: ['gold', 'silver'] },
      { field: 'createdAt', op: 'between', value: ['2026-01-01', '2026-02-01T00:00:00Z'] },
      { field: 'email', op: 'isSet' },
    ];
    for (const rule of rules) expect(validateRule(rule)).toEqual({ ok: true, rule });
  });

  it('refuses operator injection wherever it hides, naming the path', () => {
    expect(problemsOf({ $where: 'sleep(1000)' })).toEqual([{ path: 'rule.$where', message: expect.stringContaining('"$where"') }]);
    expect(problemsOf({ all: [{ field: 'email', op: 'eq', value: { $function: {} } }] })[0].path).toBe('rule.all[0].value.$function');
    expect(problemsOf({ all: [{ field: 'email', op: 'eq', value: 'x' }, { field: 'traits.totalSpent', op: 'gt', value: { $gt: 1 } }] })[0].path).toBe('rule.all[1].value.$gt');
  });

  it('names an unknown field, a wrong operator and a wrong value type by path', () => {
    expect(problemsOf({ any: [{ field: 'shoeSize', op: 'eq', value: 1 }] })).toEqual([{ path: 'rule.any[0].field', message: expect.stringContaining('unknown field "shoeSize"') }]);
    expect(problemsOf({ field: 'traits.totalSpent', op: 'contains', value: 'x' })[0].path).toBe('rule.op');
    expect(problemsOf({ field: 'traits.totalSpent', op: 'gt', value: '1000' })).toEqual([{ path: 'rule.value', message: 'must be a number, not string' }]);
    expect(problemsOf({ field: 'status', op: 'eq', value: 'gone' })[0].message).toContain('active, inactive, invalid, blocked');
    expect(problemsOf({ field: 'traits.lastPurchaseAt', op: 'withinLast', value: { amount: 6, unit: 'fortnights' } })[0].message).toContain('unit must be one of');
    expect(problemsOf({ field: 'email', op: 'isSet', value: 'x' })[0].message).toBe('isSet takes no value');
    expect(problemsOf({ field: 'traits.totalSpent', op: 'between', value: [10, 1] })[0].message).toBe('from must not be greater than to');
  });

  it('checks custom fields against their definitions when they are known', () => {
    expect(problemsOf({ field: 'custom.plan', op: 'eq', value: 'x' }, { tier: 'number' })[0].message).toBe('unknown custom field "plan"');
    expect(problemsOf({ field: 'custom.tier', op: 'gt', value: 'x' }, { tier: 'number' })[0].message).toBe('must be a number, not string');
    expect(validateRule({ field: 'custom.tier', op: 'gt', value: 2 }, { tier: 'number' }).ok).toBe(true);
  });

  it('refuses shapes that are not rules', () => {
    expect(problemsOf([])[0].message).toContain('not an array');
    expect(problemsOf({ all: [] })[0]).toEqual({ path: 'rule.all', message: 'must be an array of 1 to 50 rules' });
    expect(problemsOf({ all: [{ field: 'email', op: 'isSet' }], any: [] })[0].message).toContain('exactly one key');
    expect(problemsOf({ field: 'email', op: 'isSet', extra: 1 })[0].message).toContain('"extra"');
  });

  it('refuses an over-deep tree and too many conditions', () => {
    let deep: unknown = { field: 'email', op: 'isSet' };
    for (let i = 0; i < 9; i++) deep = { not: deep };
    expect(problemsOf(deep)[0]).toEqual({ path: 'rule.not.not.not.not.not.not.not.not', message: 'the rule is nested deeper than 8 levels' });
    const wide = { any: Array.from({ length: 3 }, () => ({ all: Array.from({ length: 40 }, () => ({ field: 'email', op: 'isSet' })) })) };
    expect(problemsOf(wide)[0].message).toBe('a rule may hold at most 100 conditions');
  });
});
