/**
 * How far behind a consumer is in time, per partition it holds: the age of the oldest event it
 * has fetched and not yet handled. A message count says little when a burst of one tenant's
 * import sits in front of everybody else's edits; the age says how stale segments are.
 */
export class ConsumerProgress {
  /** `topic` → partition → the produce time of the oldest event not yet handled (absent: caught up). */
  private readonly oldest = new Map<string, Map<number, number>>();

  /** A batch is about to be handled: its first event is the oldest not yet handled. */
  started(topic: string, partition: number, firstTimestamp: number): void {
    this.partitionsOf(topic).set(partition, firstTimestamp);
  }

  /**
   * Events up to the one produced at `handledTimestamp` are handled. `next` is the produce time of
   * the next event fetched, if the batch holds one; `caughtUp` says the partition has no more.
   */
  advanced(topic: string, partition: number, next: number | undefined, caughtUp: boolean): void {
    const partitions = this.partitionsOf(topic);
    if (next !== undefined) partitions.set(partition, next);
    else if (caughtUp) partitions.delete(partition);
    // Otherwise the next event is not fetched yet: the last age stands until it is.
  }

  /** The group took partitions away or gave new ones: forget what this member no longer holds. */
  assigned(held: Record<string, number[]>): void {
    for (const [topic, partitions] of this.oldest) {
      const kept = new Set(held[topic] ?? []);
      for (const partition of partitions.keys()) if (!kept.has(partition)) partitions.delete(partition);
    }
  }

  /** Seconds behind per topic: the oldest unhandled event over the partitions held (0 when none). */
  secondsBehind(now = Date.now()): Map<string, number> {
    const behind = new Map<string, number>();
    for (const [topic, partitions] of this.oldest) {
      const oldest = Math.min(...partitions.values());
      behind.set(topic, Number.isFinite(oldest) ? Math.max(0, (now - oldest) / 1000) : 0);
    }
    return behind;
  }

  private partitionsOf(topic: string): Map<number, number> {
    let partitions = this.oldest.get(topic);
    if (!partitions) this.oldest.set(topic, (partitions = new Map()));
    return partitions;
  }
}
