import { exampleContact } from '@roster/contracts';
import { matches, nextFlip } from './rule-evaluator';
import { validateRule } from './rule-validator';
import { SEGMENT_TEMPLATES } from './segment-templates';
import { segmentContactOf } from './segment-contact';
import { DEFAULT_LIFECYCLE } from './segment-contact';

const now = Date.parse('2026-03-10T12:00:00Z');
const context = { now, lifecycle: DEFAULT_LIFECYCLE };
const recent = (statuses: Array<'read' | 'delivered' | 'failed'>, replied: boolean[] = []) =>
  statuses.map((status, i) => ({ messageId: `m${i}`, campaignId: null, sentAt: `2026-03-0${9 - i}T10:00:00.000Z`, status, replied: replied[i] ?? false, failureCode: null }));
const contactWith = (engagement: Record<string, unknown>) =>
  segmentContactOf({ ...exampleContact, engagement: { recent: [], readRate: null, replyRate: null, daily: [], lastInboundAt: null, serviceWindowUntil: null, invalidNumber: null, ...engagement } as never });

describe('engagement conditions', () => {
  it('count outcomes of the last N messages, and need N messages', () => {
    const openers = { field: 'messages.read', op: 'ofLast', value: { last: 3, atLeast: 3 } } as const;
    expect(matches(openers, contactWith({ recent: recent(['read', 'read', 'read', 'failed']) }), context)).toBe(true);
    expect(matches(openers, contactWith({ recent: recent(['read', 'delivered', 'read']) }), context)).toBe(false);
    expect(matches(openers, contactWith({ recent: recent(['read', 'read']) }), context)).toBe(false);
    const silent = { field: 'messages.replied', op: 'ofLast', value: { last: 2, atMost: 0 } } as const;
    expect(matches(silent, contactWith({ recent: recent(['read', 'read'], [false, false]) }), context)).toBe(true);
    expect(matches(silent, contactWith({ recent: recent(['read', 'read'], [false, true]) }), context)).toBe(false);
  });

  it('count per day in a window that moves with the clock, and say when it flips', () => {
    const rule = { field: 'counts.purchases', op: 'inLast', value: { amount: 7, unit: 'days', atLeast: 2 } } as const;
    const contact = contactWith({ daily: [{ day: '2026-03-09', received: 0, read: 0, replies: 0, purchases: 1 }, { day: '2026-03-04', received: 0, read: 0, replies: 0, purchases: 1 }] });
    expect(matches(rule, contact, context)).toBe(true);
    const flip = nextFlip(rule, contact, context)!;
    expect(new Date(flip).toISOString()).toBe('2026-03-11T00:00:00.000Z');
    expect(matches(rule, contact, { ...context, now: flip })).toBe(false);
  });

  it('open the service window until 24 hours after the last inbound message', () => {
    const rule = { field: 'serviceWindowOpen', op: 'eq', value: true } as const;
    const contact = contactWith({ lastInboundAt: '2026-03-10T08:00:00.000Z', serviceWindowUntil: '2026-03-11T08:00:00.000Z' });
    expect(matches(rule, contact, context)).toBe(true);
    expect(nextFlip(rule, contact, context)).toBe(Date.parse('2026-03-11T08:00:00.000Z'));
    expect(matches(rule, contact, { ...context, now: Date.parse('2026-03-11T08:00:00.000Z') })).toBe(false);
    expect(matches(rule, contactWith({}), context)).toBe(false);
  });

  it('refuse malformed windows and bounds with the path to the value', () => {
    for (const [rule, message] of [
      [{ field: 'messages.read', op: 'ofLast', value: { last: 0, atLeast: 1 } }, /last must be/],
      [{ field: 'messages.read', op: 'ofLast', value: { last: 3 } }, /needs atLeast, atMost or both/],
      [{ field: 'messages.read', op: 'ofLast', value: { last: 3, atLeast: 4 } }, /atLeast must be a whole number from 0 to 3/],
      [{ field: 'messages.read', op: 'ofLast', value: { last: 3, atLeast: 2, atMost: 1 } }, /atLeast must not be greater/],
      [{ field: 'counts.replies', op: 'inLast', value: { amount: 13, unit: 'weeks', atLeast: 1 } }, /at most 90 days/],
      [{ field: 'counts.replies', op: 'inLast', value: { amount: 3, unit: 'months', atLeast: 1 } }, /unit must be days or weeks/],
      [{ field: 'counts.replies', op: 'gt', value: 3 }, /must be one of inLast/],
      [{ field: 'messages.read', op: 'ofLast', value: { last: 3, atLeast: 1, $where: 1 } }, /operator keys/],
    ] as const) {
      const check = validateRule(rule);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.problems[0].message).toMatch(message);
    }
  });

  it('offers templates that are all valid rules', () => {
    for (const template of SEGMENT_TEMPLATES) expect({ key: template.key, ok: validateRule(template.rule).ok }).toEqual({ key: template.key, ok: true });
  });
});
