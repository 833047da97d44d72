import { RequestCoalescer } from './request-coalescer';

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
