import { EditorGroup, appendTo, emptyCondition, findNode, indentNode, isComplete, moveNode, outdentNode, problemsAt, rootFromRule, shiftNode, toRule } from './rule-model';

const nested = {
  all: [
    { field: 'traits.totalSpent', op: 'gt', value: 100 },
    { any: [{ field: 'tags', op: 'hasAny', value: ['vip'] }, { not: { field: 'location.country', op: 'eq', value: 'BR' } }] },
  ],
};

describe('the rule as the builder edits it', () => {
  it('converts to the API rule and back, negation included', () => {
    const root = rootFromRule(nested);
    expect(toRule(root).rule).toEqual(nested);
    const single = rootFromRule({ field: 'canMessage', op: 'eq', value: true });
    expect(single.children).toHaveLength(1);
    expect(toRule(single).rule).toEqual({ all: [{ field: 'canMessage', op: 'eq', value: true }] });
  });

  it("names each node by the API's path, so a refusal lands at its condition", () => {
    const root = rootFromRule(nested);
    const { paths } = toRule(root);
    const group = root.children[1] as EditorGroup;
    expect(paths.get(root.children[0].id)).toBe('rule.all[0]');
    expect(paths.get(group.children[1].id)).toBe('rule.all[1].any[1].not');
    const problems = { 'rule.all[1].any[1].not.value': 'must be a country code', 'rule.all[0].value': 'must be a number, not string' };
    expect(problemsAt(paths.get(group.children[1].id), problems, true)).toEqual(['must be a country code']);
    expect(problemsAt(paths.get(root.children[0].id), problems, true)).toEqual(['must be a number, not string']);
    expect(problemsAt(paths.get(group.id), problems, false)).toEqual([]);
  });

  it('regroups by drag and drop and by keyboard, never into itself', () => {
    let root = rootFromRule(nested);
    const spent = root.children[0];
    const group = root.children[1] as EditorGroup;
    root = moveNode(root, spent.id, group.id, 0);
    expect(toRule(root).rule).toEqual({ all: [{ any: [nested.all[0], ...(nested.all[1] as { any: unknown[] }).any] }] });
    expect(moveNode(root, group.id, group.id, 0)).toBe(root);
    root = outdentNode(root, spent.id);
    expect(toRule(root).rule).toEqual({ all: [nested.all[1], nested.all[0]] });
    root = shiftNode(root, spent.id, -1);
    expect(toRule(root).rule).toEqual(nested);
    root = appendTo(root, root.id, { ...emptyCondition(), field: 'status', op: 'eq', value: 'active' });
    const status = root.children[2];
    root = indentNode(root, status.id);
    expect((findNode(root, group.id) as EditorGroup).children.map((c) => c.id)).toContain(status.id);
  });

  it('is complete only when every condition names a field and an operator', () => {
    const root = rootFromRule(nested);
    expect(isComplete(root)).toBe(true);
    expect(isComplete(appendTo(root, root.id, emptyCondition()))).toBe(false);
  });
});
