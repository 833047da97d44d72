import { IntPairIndex, PairList } from './pair-list';

describe('pair list', () => {
  it('keeps each pair once, with the rule that brought it first, through many growths', () => {
    const pairs = new PairList(4);
    let added = 0;
    for (let rule = 0; rule < 3; rule++) {
      for (let x = 0; x < 300; x++) for (let y = x + 1; y < 300; y += 7) if (pairs.add(x, y, rule)) added += 1;
    }
    expect(added).toBe(pairs.length);
    expect(pairs.length).toBe(Array.from({ length: 300 }, (_, x) => Math.ceil((299 - x) / 7)).reduce((s, n) => s + n, 0));
    expect(Array.from({ length: pairs.length }, (_, i) => pairs.rule(i)).every((r) => r === 0)).toBe(true);
    expect([pairs.x(0), pairs.y(0), pairs.x(1), pairs.y(1)]).toEqual([0, 1, 0, 8]);
  });

  it('tells apart pairs whose parts collide in the hash, negative parts included', () => {
    const index = new IntPairIndex(2);
    const parts = [-2147483648, -1, 0, 1, 2147483647, 0x9e3779b1 | 0];
    for (const a of parts) for (const b of parts) index.idOf(a, b);
    expect(index.size).toBe(parts.length ** 2);
    expect(index.idOf(-1, 0)).toBe(parts.length + 2);
    index.clear();
    expect([index.size, index.idOf(5, 5), index.size]).toEqual([0, 0, 1]);
  });
});
