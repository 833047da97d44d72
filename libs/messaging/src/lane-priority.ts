import { Lane } from '@roster/contracts';

/**
 * Precedence of the interactive lane over the bulk lane within one process: a bulk event waits
 * while any interactive event is being handled (at most `maxWaitMs`, so bulk work is slowed, never
 * stopped), and the two never queue for the database in the same line.
 */
export class LanePriority {
  private interactiveInFlight = 0;
  private waiting: Array<() => void> = [];

  constructor(private readonly maxWaitMs = 1_000) {}

  async run<T>(lane: Lane, work: () => Promise<T>): Promise<T> {
    if (lane === 'bulk') {
      await this.interactiveIdle();
      return work();
    }
    this.interactiveInFlight += 1;
    try {
      return await work();
    } finally {
      this.interactiveInFlight -= 1;
      if (this.interactiveInFlight === 0) this.waiting.splice(0).forEach((release) => release());
    }
  }

  private interactiveIdle(): Promise<void> {
    if (this.interactiveInFlight === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const release = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiting = this.waiting.filter((r) => r !== release);
        resolve();
      }, this.maxWaitMs);
      this.waiting.push(release);
    });
  }
}

/** The consumer group of a service's lane: the bulk lane has a group of its own, so neither waits on the other's fetches. */
export function laneGroup(groupId: string, lane: Lane): string {
  return lane === 'bulk' ? `${groupId}-bulk` : groupId;
}
