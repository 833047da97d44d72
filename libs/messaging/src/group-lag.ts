import { Admin } from 'kafkajs';

/**
 * Messages on `topic` (its physical name) that consumer group `groupId` has not committed, summed
 * over partitions; a partition the group never committed on counts from its start. `committed` is
 * false when the group has committed nothing at all (it does not exist, or never got going).
 */
export async function consumerGroupLag(admin: Admin, groupId: string, topic: string): Promise<{ lag: number; committed: boolean }> {
  const [ends, [committed]] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
  const done = new Map(committed.partitions.map((p) => [p.partition, Number(p.offset)]));
  const lag = ends.reduce((sum, p) => sum + Math.max(0, Number(p.high) - Math.max(Number(p.low), done.get(p.partition) ?? -1)), 0);
  return { lag, committed: [...done.values()].some((offset) => offset >= 0) };
}
