import { BatchPacer, isRejoinError } from './batch-pacer';
import { ConsumerProgress } from './consumer-progress';

const kafkaError = (type: string) => Object.assign(new Error(type), { type });

describe('BatchPacer', () => {
  it('heartbeats and commits on its own timer, and reports the first rejoin request once', async () => {
    const calls: string[] = [];
    const rebalances: Error[] = [];
    let answer: Error | undefined;
    const pacer = new BatchPacer(
      {
        heartbeat: async () => {
          calls.push('heartbeat');
          if (answer) throw answer;
        },
        commitOffsetsIfNecessary: async () => {
          calls.push('commit');
        },
      },
      { heartbeatIntervalMs: 10, onRebalance: (e) => rebalances.push(e) },
    );
    try {
      await new Promise((r) => setTimeout(r, 45));
      expect(calls.filter((c) => c === 'heartbeat').length).toBeGreaterThanOrEqual(3);
      expect(calls).toContain('commit');

      answer = new Error('connection reset'); // retried at the next tick, not a rejoin
      await pacer.tick();
      expect(rebalances).toEqual([]);

      answer = kafkaError('REBALANCE_IN_PROGRESS');
      await pacer.tick();
      await pacer.tick();
      expect(rebalances).toEqual([answer]);
      expect(pacer.rejoinError).toBe(answer);
    } finally {
      pacer.stop();
    }
  });

  it('knows which broker answers mean the member must rejoin', () => {
    expect(['REBALANCE_IN_PROGRESS', 'UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION'].map((t) => isRejoinError(kafkaError(t)))).toEqual([true, true, true]);
    expect(isRejoinError(kafkaError('NOT_COORDINATOR'))).toBe(false);
  });
});

describe('ConsumerProgress', () => {
  it('is as far behind as the oldest event fetched and not handled, over the partitions held', () => {
    const progress = new ConsumerProgress();
    progress.started('t', 0, 1_000);
    progress.started('t', 1, 5_000);
    expect(progress.secondsBehind(11_000).get('t')).toBe(10);
    progress.advanced('t', 0, 9_000, false);
    expect(progress.secondsBehind(11_000).get('t')).toBe(6);
    progress.advanced('t', 1, undefined, true);
    progress.advanced('t', 0, undefined, true);
    expect(progress.secondsBehind(11_000).get('t')).toBe(0);
  });

  it('forgets partitions the group gave to another member', () => {
    const progress = new ConsumerProgress();
    progress.started('t', 0, 1_000);
    progress.started('t', 1, 2_000);
    progress.assigned({ t: [1] });
    expect(progress.secondsBehind(3_000).get('t')).toBe(1);
  });
});
