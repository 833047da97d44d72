import fc from 'fast-check';
import { RequestCoalescer } from './request-coalescer';
import { inLane } from './work-lanes';

describe('RequestCoalescer', () => {
  it('sends the first request at once and the ones made meanwhile as one batch, answering each', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const coalescer = new RequestCoalescer<number, number>(async (inputs) => {
      batches.push(inputs);
      if (batches.length === 1) await held;
      return inputs.map((n) => n * 10);
    });
    const first = coalescer.request(1);
    const later = [2, 3, 4].map((n) => coalescer.request(n));
    release();
    expect(await Promise.all([first, ...later])).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('fails every request of a failed batch, and goes on with the next', async () => {
    const coalescer = new RequestCoalescer<number, number>(async (inputs) => {
      if (inputs.includes(2)) throw new Error('refused');
      return inputs;
    });
    const results = await Promise.allSettled([coalescer.request(1), coalescer.request(2), coalescer.request(3)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(await coalescer.request(4)).toBe(4);
  });

  it('keeps batches within the limit', async () => {
    const sizes: number[] = [];
    const coalescer = new RequestCoalescer<number, number>(async (inputs) => {
      sizes.push(inputs.length);
      return inputs;
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((n) => coalescer.request(n)));
    expect(sizes).toEqual([1, 2, 2]);
  });
});

describe('RequestCoalescer lanes', () => {
  it('sends an interactive request at once while a batch of bulk work is with the database', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const coalescer = new RequestCoalescer<number, number>(async (inputs) => {
      batches.push(inputs);
      if (inputs.includes(1)) await held;
      return inputs;
    });
    const bulk = [inLane('bulk', () => coalescer.request(1))];
    await new Promise((r) => setTimeout(r, 5));
    bulk.push(...[2, 3].map((n) => inLane('bulk', () => coalescer.request(n))));
    // The bulk line is busy with [1]; [2, 3] wait for it. An edit does not.
    expect(await coalescer.request(100)).toBe(100);
    expect(batches).toEqual([[1], [100]]);
    release();
    expect(await Promise.all(bulk)).toEqual([1, 2, 3]);
    expect(batches).toEqual([[1], [100], [2, 3]]);
  });

  it('keeps each lane\'s batches in the order their requests came (any interleaving)', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }), async (lanes) => {
      const seen: number[] = [];
      const coalescer = new RequestCoalescer<number, number>(async (inputs) => {
        await new Promise((r) => setTimeout(r, 1));
        seen.push(...inputs);
        return inputs;
      });
      await Promise.all(lanes.map((bulk, i) => (bulk ? inLane('bulk', () => coalescer.request(i)) : coalescer.request(i))));
      const order = (bulk: boolean) => seen.filter((i) => lanes[i] === bulk);
      const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
      return JSON.stringify(order(true)) === JSON.stringify(sorted(order(true))) && JSON.stringify(order(false)) === JSON.stringify(sorted(order(false))) && seen.length === lanes.length;
    }));
  });
});
