import fc from 'fast-check';
import { appliedThrough, freshnessAt } from './consumer-freshness';

describe('appliedThrough', () => {
  const samples = [
    { at: 1_000, end: 10 },
    { at: 2_000, end: 10 },
    { at: 3_000, end: 25 },
    { at: 4_000, end: 40 },
  ];

  it('is the latest moment whose end offset the group has committed', () => {
    expect(appliedThrough(samples, 40)).toBe(4_000);
    expect(appliedThrough(samples, 39)).toBe(3_000);
    expect(appliedThrough(samples, 25)).toBe(3_000);
    expect(appliedThrough(samples, 10)).toBe(2_000);
  });

  it('is before anything sampled when not even the oldest end is committed', () => {
    expect(appliedThrough(samples, 9)).toBeLessThan(1_000);
  });

  it('never claims a moment whose events are not all committed (any history, any commit)', () => {
    fc.assert(fc.property(
      fc.array(fc.nat(50), { minLength: 1, maxLength: 30 }),
      fc.nat(2_000),
      (steps, committed) => {
        let end = 0;
        const history = steps.map((step, i) => ({ at: (i + 1) * 1_000, end: (end += step) }));
        const through = appliedThrough(history, committed);
        // Every sample at or before `through` is covered by the commit.
        return history.filter((s) => s.at <= through).every((s) => s.end <= committed);
      },
    ));
  });
});

describe('freshnessAt', () => {
  it('is current only with nothing pending and nothing older than now unapplied', () => {
    expect(freshnessAt(5_000, 5_000, 0)).toEqual({ status: 'current', appliedThrough: new Date(5_000).toISOString(), behindSeconds: 0, pendingEvents: 0 });
    expect(freshnessAt(5_000, 5_000, 3).status).toBe('catching-up');
    expect(freshnessAt(5_000, 2_500, 12)).toEqual({ status: 'catching-up', appliedThrough: new Date(2_500).toISOString(), behindSeconds: 2.5, pendingEvents: 12 });
  });
});
