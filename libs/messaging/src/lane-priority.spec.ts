import { LanePriority } from './lane-priority';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('LanePriority', () => {
  it('holds a bulk event while an interactive one is in flight, and lets it go when that ends', async () => {
    const priority = new LanePriority(5_000);
    const order: string[] = [];
    let finishInteractive!: () => void;
    const interactive = priority.run('interactive', () => new Promise<void>((resolve) => (finishInteractive = resolve)).then(() => order.push('interactive')));
    const bulk = priority.run('bulk', async () => order.push('bulk'));
    await tick(50);
    expect(order).toEqual([]);
    finishInteractive();
    await Promise.all([interactive, bulk]);
    expect(order).toEqual(['interactive', 'bulk']);
  });

  it('slows bulk work behind a steady stream of edits but never stops it', async () => {
    const priority = new LanePriority(100);
    const stop = Date.now() + 600;
    // Two overlapping streams: an edit is always in flight.
    const stream = async (offset: number) => {
      await tick(offset);
      while (Date.now() < stop) await Promise.all([priority.run('interactive', () => tick(30)), tick(15)]);
    };
    const streams = [stream(0), priority.run('interactive', () => tick(40)).then(() => stream(0))];
    await tick(5);
    const startedAt = Date.now();
    await priority.run('bulk', async () => undefined);
    const waited = Date.now() - startedAt;
    expect(waited).toBeGreaterThanOrEqual(90);
    expect(waited).toBeLessThan(300);
    await Promise.all(streams);
  });

  it('lets bulk events through at once when no edit is in flight', async () => {
    const priority = new LanePriority(10_000);
    const startedAt = Date.now();
    await Promise.all(Array.from({ length: 50 }, () => priority.run('bulk', async () => undefined)));
    expect(Date.now() - startedAt).toBeLessThan(100);
  });

  it('gives a failing interactive handler\'s error to its caller and still releases bulk work', async () => {
    const priority = new LanePriority(10_000);
    const failing = priority.run('interactive', async () => {
      await tick(10);
      throw new Error('boom');
    });
    const bulk = priority.run('bulk', async () => 'done');
    await expect(failing).rejects.toThrow('boom');
    await expect(bulk).resolves.toBe('done');
  });
});
