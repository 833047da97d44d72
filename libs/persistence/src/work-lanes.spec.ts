import { bulkTurn, currentLane, inLane } from './work-lanes';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('work lanes', () => {
  it('holds bulk work while interactive work runs, and lets it go when that ends', async () => {
    const order: string[] = [];
    let finish!: () => void;
    const interactive = inLane('interactive', () => new Promise<void>((resolve) => (finish = resolve)).then(() => void order.push('interactive')));
    const bulk = bulkTurn(5_000).then(() => void order.push('bulk'));
    await tick(50);
    expect(order).toEqual([]);
    finish();
    await Promise.all([interactive, bulk]);
    expect(order).toEqual(['interactive', 'bulk']);
  });

  it('slows bulk work behind a steady stream of edits but never stops it', async () => {
    const stop = Date.now() + 600;
    // Two overlapping streams: an edit is always running.
    const stream = async () => {
      while (Date.now() < stop) await Promise.all([inLane('interactive', () => tick(30)), tick(15)]);
    };
    const streams = [stream(), inLane('interactive', () => tick(40)).then(stream)];
    await tick(5);
    const startedAt = Date.now();
    await bulkTurn(100);
    const waited = Date.now() - startedAt;
    expect(waited).toBeGreaterThanOrEqual(90);
    expect(waited).toBeLessThan(300);
    await Promise.all(streams);
  });

  it('gives bulk work its turn at once when no edit runs', async () => {
    const startedAt = Date.now();
    await Promise.all(Array.from({ length: 50 }, () => bulkTurn(10_000)));
    expect(Date.now() - startedAt).toBeLessThan(100);
  });

  it('releases bulk work when interactive work fails, and gives the failure to its caller', async () => {
    const failing = inLane('interactive', async () => {
      await tick(10);
      throw new Error('boom');
    });
    const bulk = bulkTurn(10_000).then(() => 'done');
    await expect(failing).rejects.toThrow('boom');
    await expect(bulk).resolves.toBe('done');
  });

  it('tells the code inside which lane it runs in, across awaits', async () => {
    expect(currentLane()).toBe('interactive');
    await inLane('bulk', async () => {
      await tick(1);
      expect(currentLane()).toBe('bulk');
    });
  });
});
