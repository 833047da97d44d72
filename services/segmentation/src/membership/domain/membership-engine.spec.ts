import { exampleContact } from '@roster/contracts';
import { DEFAULT_LIFECYCLE, segmentContactOf } from '../../rules/domain/segment-contact';
import { SegmentDefinition, evaluateMemberships } from './membership-engine';

const NOW = Date.parse('2026-07-01T12:00:00Z');
const context = { now: NOW, lifecycle: DEFAULT_LIFECYCLE };
const contact = segmentContactOf({ ...exampleContact, tags: ['VIP'], lists: ['l1'] });
const segment = (id: string, patch: Partial<SegmentDefinition> = {}): SegmentDefinition => ({
  id, version: 1, rule: { field: 'tags', op: 'hasAny', value: ['vip'] }, listId: null, retiring: false, ...patch,
});

describe('evaluateMemberships', () => {
  it('enters matching segments, keeps members quiet and exits the rest', () => {
    const current = { kept: { version: 1, since: '2026-01-01T00:00:00.000Z' }, lost: { version: 3, since: '2026-01-01T00:00:00.000Z' } };
    const outcome = evaluateMemberships(contact, current, [
      segment('kept', { version: 2 }),
      segment('new'),
      segment('lost', { version: 3, rule: { field: 'tags', op: 'hasNone', value: ['vip'] } }),
      segment('scoped', { listId: 'l2' }),
    ], context);
    expect(outcome.changes).toEqual([
      { segmentId: 'new', segmentVersion: 1, change: 'entered' },
      { segmentId: 'lost', segmentVersion: 3, change: 'exited' },
    ]);
    expect(outcome.memberships).toEqual({
      kept: { version: 2, since: '2026-01-01T00:00:00.000Z' },
      new: { version: 1, since: '2026-07-01T12:00:00.000Z' },
    });
  });

  it('exits everything for a deleted contact, and segments that are gone or retiring', () => {
    const current = { a: { version: 1, since: 'x' }, gone: { version: 4, since: 'x' } };
    expect(evaluateMemberships(null, current, [segment('a')], context).changes.map((c) => c.segmentId)).toEqual(['a', 'gone']);
    expect(evaluateMemberships(contact, current, [segment('a', { retiring: true })], context).changes).toEqual([
      { segmentId: 'a', segmentVersion: 1, change: 'exited' },
      { segmentId: 'gone', segmentVersion: 4, change: 'exited' },
    ]);
  });

  it('decides only the given segments when partial, keeping the earlier next check', () => {
    const current = { other: { version: 1, since: 'x' } };
    const timed = segment('timed', { rule: { field: 'traits.lastPurchaseAt', op: 'withinLast', value: { amount: 7, unit: 'days' } } });
    const partial = evaluateMemberships({ ...contact, traits: { ...contact.traits, lastPurchaseAt: '2026-06-30T12:00:00Z' } }, current, [timed], context, { partial: true, previousNextCheckAt: NOW + 1000 });
    expect(Object.keys(partial.memberships).sort()).toEqual(['other', 'timed']);
    expect(partial.nextCheckAt).toBe(NOW + 1000);
    const full = evaluateMemberships({ ...contact, traits: { ...contact.traits, lastPurchaseAt: '2026-06-30T12:00:00Z' } }, current, [timed], context);
    expect(new Date(full.nextCheckAt!).toISOString()).toBe('2026-07-07T12:00:00.001Z');
  });
});
