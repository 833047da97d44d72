import { emptyEngagement, answeredMessage, withInbound, withOutbound, withPurchase } from './engagement';

const now = new Date('2026-03-10T12:00:00Z');
const policy = { recentMessages: 3, hardFailuresToInvalid: 2 };
const at = (iso: string) => new Date(iso);
const outbound = (id: string, sentAt: string, status: 'sent' | 'failed' | 'delivered' | 'read', failureCode: number | null = null) => ({
  messageId: id, campaignId: 'c1', sentAt: at(sentAt), status, failureCode, readAt: status === 'read' ? at(sentAt) : null, repliedAt: null,
});

describe('engagement', () => {
  it('keeps the last N outbound messages newest first, whatever order they arrive in, with rates over them', () => {
    let e = emptyEngagement();
    for (const [id, day] of [['m3', '03'], ['m1', '01'], ['m4', '04'], ['m2', '02']] as const) {
      e = withOutbound(e, outbound(id, `2026-03-${day}T10:00:00Z`, id === 'm4' ? 'read' : 'delivered'), { firstSeen: true, becameRead: id === 'm4' }, policy, now);
    }
    expect(e.recent.map((m) => m.messageId)).toEqual(['m4', 'm3', 'm2']);
    expect(e.readRate).toBe(0.333);
    expect(e.daily.reduce((sum, d) => sum + d.received, 0)).toBe(4);
  });

  it('drops days older than 90 from the counts', () => {
    const e = withOutbound(emptyEngagement(), outbound('old', '2025-11-01T00:00:00Z', 'sent'), { firstSeen: true, becameRead: false }, policy, now);
    expect(e.daily).toEqual([]);
    expect(withPurchase(e, at('2026-03-09T00:00:00Z'), now).daily).toEqual([{ day: '2026-03-09', received: 0, read: 0, replies: 0, purchases: 1 }]);
  });

  it('marks a number invalid only after N consecutive hard failures since the last inbound message', () => {
    const fold = (e: ReturnType<typeof emptyEngagement>, m: ReturnType<typeof outbound>) => withOutbound(e, m, { firstSeen: true, becameRead: false }, policy, now);
    let e = fold(emptyEngagement(), outbound('f1', '2026-03-01T00:00:00Z', 'failed', 131026));
    e = fold(e, outbound('soft', '2026-03-02T00:00:00Z', 'failed', 131047));
    expect(e.invalidNumber).toBeNull();
    e = fold(e, outbound('f2', '2026-03-03T00:00:00Z', 'failed', 131026));
    expect(e.invalidNumber).toMatchObject({ messageIds: ['f2', 'f1'] });
    // A late delivery of an older message does not clear it; a newer one does.
    expect(fold(e, outbound('old', '2026-02-01T00:00:00Z', 'delivered')).invalidNumber).not.toBeNull();
    expect(fold(e, outbound('new', '2026-03-04T00:00:00Z', 'delivered')).invalidNumber).toBeNull();
    // An inbound message proves the number works; failures before it no longer count.
    const answered = withInbound(e, at('2026-03-05T00:00:00Z'), null, now);
    expect(answered.invalidNumber).toBeNull();
    expect(fold(answered, outbound('f3', '2026-03-06T00:00:00Z', 'failed', 131026)).invalidNumber).toBeNull();
  });

  it('takes an inbound message as the answer to the message it names, else to the last one sent within 24 hours', () => {
    const e = withOutbound(emptyEngagement(), outbound('m1', '2026-03-10T08:00:00Z', 'delivered'), { firstSeen: true, becameRead: false }, policy, now);
    expect(answeredMessage(e, at('2026-03-10T09:00:00Z'), null)).toBe('m1');
    expect(answeredMessage(e, at('2026-03-12T09:00:00Z'), null)).toBeNull();
    expect(answeredMessage(e, at('2026-03-10T07:00:00Z'), null)).toBeNull();
    expect(answeredMessage(e, at('2026-03-12T09:00:00Z'), 'other')).toBe('other');
    const replied = withInbound(e, at('2026-03-10T09:00:00Z'), 'm1', now);
    expect(replied).toMatchObject({ replyRate: 1, lastInboundAt: '2026-03-10T09:00:00.000Z', serviceWindowUntil: '2026-03-11T09:00:00.000Z' });
    // An older inbound message arriving late leaves the window where the newer one put it.
    expect(withInbound(replied, at('2026-03-09T09:00:00Z'), null, now).serviceWindowUntil).toBe('2026-03-11T09:00:00.000Z');
  });

  it('counts a reply taken in before the message it answers was reported', () => {
    const answered = withInbound(emptyEngagement(), at('2026-03-10T09:00:00Z'), null, now);
    const late = (id: string, sentAt: string) => withOutbound(answered, outbound(id, sentAt, 'delivered'), { firstSeen: true, becameRead: false }, policy, now);
    expect(late('m1', '2026-03-10T08:00:00Z')).toMatchObject({ replyRate: 1, recent: [{ messageId: 'm1', replied: true }] });
    expect(late('m2', '2026-03-09T08:00:00Z').recent[0].replied).toBe(false);
    expect(late('m3', '2026-03-10T10:00:00Z').recent[0].replied).toBe(false);
    const newer = withOutbound(answered, outbound('m4', '2026-03-10T08:30:00Z', 'sent'), { firstSeen: true, becameRead: false }, policy, now);
    expect(withOutbound(newer, outbound('m5', '2026-03-10T08:00:00Z', 'sent'), { firstSeen: true, becameRead: false }, policy, now).recent.map((m) => [m.messageId, m.replied])).toEqual([['m4', true], ['m5', false]]);
  });
});
