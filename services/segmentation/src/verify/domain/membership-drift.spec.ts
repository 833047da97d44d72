import { ContactIndex, MemberBits, SAMPLE, segmentDrift } from './membership-drift';

describe('segmentDrift', () => {
  const indexOf = (ids: string[]) => {
    const index = new ContactIndex();
    ids.forEach((id) => index.add(id));
    return index;
  };
  const bitsOf = (positions: number[]) => {
    const bits = new MemberBits();
    positions.forEach((p) => bits.add(p));
    return bits;
  };

  it('names the members a fresh evaluation expects but the store lacks, and the stored ones it does not expect', async () => {
    const index = indexOf(['a', 'b', 'c', 'd']);
    const drifted: string[] = [];
    const drift = await segmentDrift({ id: 's1', name: 'VIP' }, index, bitsOf([0, 1, 2]), ['b', 'c', 'd', 'gone'], (id) => drifted.push(id));
    expect(drift).toMatchObject({ expected: 3, stored: 4, missing: 1, extra: 2, missingSample: ['a'], extraSample: ['d', 'gone'] });
    expect(drifted.sort()).toEqual(['a', 'd', 'gone']);
  });

  it('reports nothing when store and evaluation agree, over bit sets that grow past their first size', async () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `c${i}`);
    const index = indexOf(ids);
    const members = ids.filter((_, i) => i % 3 === 0);
    const drift = await segmentDrift({ id: 's', name: 'thirds' }, index, bitsOf(members.map((id) => index.positionOf(id)!)), members, () => { throw new Error('no drift expected'); });
    expect(drift).toMatchObject({ expected: members.length, stored: members.length, missing: 0, extra: 0 });
  });

  it('keeps samples short however large the drift', async () => {
    const index = indexOf(Array.from({ length: 500 }, (_, i) => `c${i}`));
    const drift = await segmentDrift({ id: 's', name: 'all' }, index, bitsOf(Array.from({ length: 500 }, (_, i) => i)), [], () => undefined);
    expect(drift.missing).toBe(500);
    expect(drift.missingSample).toHaveLength(SAMPLE);
  });
});
