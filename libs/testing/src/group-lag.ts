import { Kafka } from 'kafkajs';
import { physicalTopic } from '@roster/contracts';
import { consumerGroupLag as lagOf, consumerLanes } from '@roster/messaging';

/** Messages on `topic` that consumer group `groupId` (the physical names) has not committed yet. */
export async function consumerGroupLag(kafka: Kafka, groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await lagOf(admin, groupId, topic)).lag;
  } finally {
    await admin.disconnect();
  }
}

/** A service's lag over all its lanes (each lane's group on its topics), under topic prefix `prefix`. */
export async function serviceLag(kafka: Kafka, prefix: string, consumer: { groupId: string; topics: readonly string[] }): Promise<number> {
  let lag = 0;
  for (const { groupId, topics } of consumerLanes(consumer)) {
    for (const topic of topics) lag += await consumerGroupLag(kafka, prefix ? `${prefix}.${groupId}` : groupId, physicalTopic(topic, prefix));
  }
  return lag;
}
