import { Entry, fromMessage, mergeTimeline } from './timeline';

const entry = (key: string, at: string): Entry => ({ key, at: `2026-12-0${at}T00:00:00.000Z`, what: key, detail: '' });

describe('the merged timeline', () => {
  it('interleaves sources newest first', () => {
    const merged = mergeTimeline([
      { entries: [entry('a3', '5'), entry('a1', '2')], more: false },
      { entries: [entry('m4', '6'), entry('m2', '3')], more: false },
    ]);
    expect(merged.map((e) => e.key)).toEqual(['m4', 'a3', 'm2', 'a1']);
  });

  it('holds back what is older than the oldest read of a source with more pages, which may hide newer entries', () => {
    const merged = mergeTimeline([
      { entries: [entry('a5', '7'), entry('a4', '5')], more: true },
      { entries: [entry('m3', '6'), entry('m1', '2')], more: false },
    ]);
    expect(merged.map((e) => e.key)).toEqual(['a5', 'm3', 'a4']);
  });

  it('ignores a source with more pages that returned nothing yet, and shows an empty timeline as empty', () => {
    expect(mergeTimeline([{ entries: [], more: true }, { entries: [entry('m1', '2')], more: false }]).map((e) => e.key)).toEqual(['m1']);
    expect(mergeTimeline([{ entries: [], more: false }])).toEqual([]);
  });

  it('words a failed campaign message with its reason, and an inbound message with its text', () => {
    const base = { campaignId: 'spring', at: '2026-12-01T00:00:00.000Z', text: null };
    expect(fromMessage({ ...base, messageId: 'w1', direction: 'outbound', status: 'failed', failure: { code: 131026, title: 'Message undeliverable' } }).detail)
      .toBe('campaign spring · failed · failed: Message undeliverable');
    expect(fromMessage({ ...base, messageId: 'w2', direction: 'inbound', campaignId: null, status: null, failure: null, text: 'Oi!' })).toMatchObject({ what: 'WhatsApp message received', detail: 'Oi!' });
  });
});
