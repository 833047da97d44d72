import { AsyncLocalStorage } from 'node:async_hooks';

/** Whose work a request is: a person's edit (the default), or bulk work that must not hold it up. */
export type WorkLane = 'interactive' | 'bulk';

const lane = new AsyncLocalStorage<WorkLane>();
let interactiveInFlight = 0;
let waitingForTurn: Array<() => void> = [];

/** The lane of the work this code runs for: interactive unless it runs inside `inLane('bulk', …)`. */
export function currentLane(): WorkLane {
  return lane.getStore() ?? 'interactive';
}

/**
 * Runs `work` in a lane. While interactive work runs (an event handler of the interactive lane),
 * bulk work in this process waits for its turn before each database batch and each new event, so
 * a person's edit never queues behind an import's writes.
 */
export async function inLane<T>(which: WorkLane, work: () => Promise<T>): Promise<T> {
  if (which === 'bulk') return lane.run('bulk', work);
  interactiveInFlight += 1;
  try {
    return await lane.run('interactive', work);
  } finally {
    interactiveInFlight -= 1;
    if (interactiveInFlight === 0) waitingForTurn.splice(0).forEach((release) => release());
  }
}

/**
 * Resolves once no interactive work is running in this process, or after `maxWaitMs` at most: bulk
 * work is slowed by edits, never stopped.
 */
export function bulkTurn(maxWaitMs = 1_000): Promise<void> {
  if (interactiveInFlight === 0) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const release = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      waitingForTurn = waitingForTurn.filter((r) => r !== release);
      resolve();
    }, maxWaitMs);
    waitingForTurn.push(release);
  });
}
