import { Admin, Kafka } from 'kafkajs';
import { allTopicsToProvision } from '@roster/contracts';

const SERVING_TIMEOUT_MS = 30_000;

/**
 * Creates every topic of the contracts (and its dead-letter topic) up front, with its partition count,
 * and returns once the new ones serve requests. Idempotent: existing topics are left as they are.
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
      for (const { topic } of missing) await untilServed(admin, topic);
    }
    return missing.map((t) => t.topic);
  } finally {
    await admin.disconnect();
  }
}

/**
 * An elected leader may still answer "not the leader" for a moment, and a consumer meeting that on
 * its first ListOffsets refreshes its metadata and rejoins its group: one rebalance nobody asked for.
 */
async function untilServed(admin: Admin, topic: string): Promise<void> {
  const deadline = Date.now() + SERVING_TIMEOUT_MS;
  for (;;) {
    try {
      await admin.fetchTopicOffsets(topic);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`topic ${topic} was created but not served within ${SERVING_TIMEOUT_MS} ms: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
