import { runKeyOrdered } from './key-ordered-runner';

interface Item { key: string; n: number; ms: number }
const item = (key: string, n: number, ms = 0): Item => ({ key, n, ms });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runKeyOrdered', () => {
  it('overlaps different keys, keeps each key in order and reports completion in partition order', async () => {
    const items = [item('a', 0, 30), item('b', 1, 5), item('a', 2, 5), item('c', 3, 5), item('b', 4, 5)];
    const finished: number[] = [];
    const completed: number[] = [];
    let inFlight = 0;
    let peak = 0;
    await runKeyOrdered({
      items,
      keyOf: (i) => i.key,
      concurrency: 3,
      handle: async (i) => {
        peak = Math.max(peak, ++inFlight);
        await sleep(i.ms);
        inFlight--;
        finished.push(i.n);
      },
      onCompleted: (i) => completed.push(i.n),
    });

    expect(peak).toBe(3);
    expect(finished.indexOf(2)).toBeGreaterThan(finished.indexOf(0));
    expect(finished.indexOf(4)).toBeGreaterThan(finished.indexOf(1));
    // b and c finish long before a's first item, yet nothing completes ahead of it.
    expect(finished[0]).not.toBe(0);
    expect(completed).toEqual([0, 1, 2, 3, 4]);
  });

  it("with a concurrency of one handles one item at a time, a key's items together", async () => {
    const seen: number[] = [];
    await runKeyOrdered({ items: [item('a', 0), item('b', 1), item('a', 2)], keyOf: (i) => i.key, concurrency: 1, handle: async (i) => void seen.push(i.n) });
    expect(seen).toEqual([0, 2, 1]);
  });

  it('stops starting items after a failure, lets those in flight finish and throws the first error', async () => {
    const handled: number[] = [];
    const completed: number[] = [];
    const run = runKeyOrdered({
      items: [item('a', 0, 20), item('b', 1), item('a', 2), item('c', 3, 40), item('d', 4)],
      keyOf: (i) => i.key,
      concurrency: 3,
      handle: async (i) => {
        await sleep(i.ms);
        if (i.n === 1) throw new Error('store refused');
        handled.push(i.n);
      },
      onCompleted: (i) => completed.push(i.n),
    });
    await expect(run).rejects.toThrow('store refused');
    expect(handled.sort()).toEqual([0, 3]);
    expect(completed).toEqual([0]);
  });

  it('takes no new item once told to stop', async () => {
    const handled: number[] = [];
    await runKeyOrdered({
      items: [item('a', 0), item('b', 1), item('c', 2)],
      keyOf: (i) => i.key,
      concurrency: 1,
      handle: async (i) => void handled.push(i.n),
      shouldContinue: () => handled.length < 2,
    });
    expect(handled).toEqual([0, 1]);
  });
});
