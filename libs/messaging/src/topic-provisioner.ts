import { Kafka } from 'kafkajs';
import { allTopicsToProvision } from '@roster/contracts';

/**
 * Creates every topic of the contracts (and its dead-letter topic) up front, with its partition count.
 * Idempotent: existing topics are left as they are.
 */
export async function provisionTopics(kafka: Kafka, prefix = ''): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const wanted = allTopicsToProvision(prefix);
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({ topic: t.topic, numPartitions: t.numPartitions, replicationFactor: -1 })),
      });
    }
    return missing.map((t) => t.topic);
  } finally {
    await admin.disconnect();
  }
}
