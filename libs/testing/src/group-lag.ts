import { Kafka } from 'kafkajs';
import { consumerGroupLag as lagOf } from '@roster/messaging';

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
