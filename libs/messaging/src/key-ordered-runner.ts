export interface KeyOrderedRun<T> {
  /** Items in partition order. */
  items: readonly T[];
  keyOf: (item: T) => string;
  /** Items of different keys in flight at once. */
  concurrency: number;
  handle: (item: T) => Promise<void>;
  /** Called with each item as it becomes the last of an unbroken run of handled items from the start. */
  onCompleted?: (item: T) => void;
  /** Checked before each item is started; false stops taking new items. */
  shouldContinue?: () => boolean;
}

/**
 * Runs the items of one partition several at a time while keeping each key's items in order:
 * Kafka orders only within a key, so items of different keys may overlap. Completion is reported
 * in partition order, so a consumer commits an offset only once everything before it is done.
 * After a failure no new item starts; the ones in flight finish and the first error is thrown.
 */
export async function runKeyOrdered<T>(run: KeyOrderedRun<T>): Promise<void> {
  const queues = new Map<string, number[]>();
  run.items.forEach((item, index) => {
    const key = run.keyOf(item);
    const queue = queues.get(key);
    if (queue) queue.push(index);
    else queues.set(key, [index]);
  });
  const waiting = [...queues.values()];
  const done = new Array<boolean>(run.items.length).fill(false);
  let completed = 0;
  let failure: { error: unknown } | undefined;

  const worker = async () => {
    for (let queue = waiting.shift(); queue; queue = waiting.shift()) {
      for (const index of queue) {
        if (failure || (run.shouldContinue && !run.shouldContinue())) return;
        try {
          await run.handle(run.items[index]);
        } catch (error) {
          failure ??= { error };
          return;
        }
        done[index] = true;
        for (; done[completed]; completed++) run.onCompleted?.(run.items[completed]);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(run.concurrency, waiting.length)) }, worker));
  if (failure) throw failure.error;
}
