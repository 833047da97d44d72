import { Types } from 'mongoose';
import { coalescedReadsById } from './coalesced-reads';

describe('coalescedReadsById', () => {
  it('reads ids asked for side by side once, in one call, and gives each caller its own copy', async () => {
    const id = new Types.ObjectId();
    const stored = { _id: id, at: new Date('2026-03-01T10:00:00Z'), tags: ['vip'] };
    const calls: string[][] = [];
    const reads = coalescedReadsById(async (ids) => {
      calls.push(ids);
      return ids.includes(String(id)) ? [{ ...stored, tags: [...stored.tags] }] : [];
    });
    // The first request goes at once; those made while it is out go together.
    const [, first, second, missing] = await Promise.all([reads.request('first'), reads.request(String(id)), reads.request(String(id)), reads.request('absent')]);
    expect(calls).toEqual([['first'], [String(id), 'absent']]);
    expect(missing).toBeNull();
    expect(first).toEqual(stored);
    expect(second).toEqual(stored);
    expect(second).not.toBe(first);
    expect(second!._id).toBeInstanceOf(Types.ObjectId);
    expect(second!.at).toBeInstanceOf(Date);
    first!.tags.push('changed');
    expect(second!.tags).toEqual(['vip']);
  });
});
