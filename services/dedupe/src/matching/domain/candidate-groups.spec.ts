import { blockingKeys } from './blocking-keys';
import { groupCandidates } from './candidate-groups';

describe('groupCandidates', () => {
  it('groups transitively through strong links, strongest group first', () => {
    const groups = groupCandidates([
      { a: 'a', b: 'b', score: 0.9 },
      { a: 'b', b: 'c', score: 0.7 },
      { a: 'x', b: 'y', score: 0.95 },
      { a: 'p', b: 'q', score: 0.5 },
    ]);
    expect(groups.map((g) => g.members)).toEqual([['x', 'y'], ['a', 'b', 'c']]);
    expect(groups[1].pairs).toHaveLength(2);
  });

  it('does not chain two groups through a weak link, nor past the size cap', () => {
    const weak = groupCandidates([
      { a: 'a', b: 'b', score: 0.95 },
      { a: 'c', b: 'd', score: 0.95 },
      { a: 'b', b: 'c', score: 0.65 },
    ]);
    expect(weak.map((g) => g.members)).toEqual([['a', 'b'], ['c', 'd']]);
    const capped = groupCandidates(
      Array.from({ length: 5 }, (_, i) => ({ a: `n${i}`, b: `n${i + 1}`, score: 0.9 })),
      { threshold: 0.6, maxGroupSize: 3, strongLink: 0.8 },
    );
    expect(capped.every((g) => g.members.length <= 3)).toBe(true);
  });
});

describe('blockingKeys', () => {
  it('puts phone variants, one mailbox and sound-alike names in shared blocks', () => {
    const base = { id: '1', firstName: 'Bob', lastName: 'Souza', email: 'bob.souza+x@gmail.com', company: 'Padaria Sol', location: { country: null, city: null }, tags: [] };
    const a = blockingKeys({ ...base, phone: '+551187654321' });
    const b = blockingKeys({ ...base, id: '2', phone: '+5511987654321', firstName: 'Robert', lastName: 'Sousa', email: 'bobsouza@googlemail.com' });
    expect(a).toEqual(b);
    expect(a[0]).toBe('phone:+5511987654321');
  });
});
