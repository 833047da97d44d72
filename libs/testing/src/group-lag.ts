import { Kafka } from 'kafkajs';

/** Messages on `topic` that consumer group `groupId` (the physical names) has not committed yet. */
export async function consumerGroupLag(kafka: Kafka, groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [ends, [committed]] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
    const done = new Map(committed.partitions.map((p) => [p.partition, Number(p.offset)]));
    // A partition the group never committed on counts from its start.
    return ends.reduce((sum, p) => sum + Math.max(0, Number(p.high) - Math.max(Number(p.low), done.get(p.partition) ?? -1)), 0);
  } finally {
    await admin.disconnect();
  }
}
