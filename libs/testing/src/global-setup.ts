import { createKafka, provisionTopics } from '@roster/messaging';
import { resolveInfrastructure } from './infrastructure';

/** Brings up (or finds) the infrastructure once per test run; workers inherit the endpoints. */
export default async function globalSetup(): Promise<void> {
  // Test producers use kafkajs' default partitioner on purpose; its migration notice is noise here.
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  const started: Array<{ stop(): Promise<unknown> }> = [];
  const t0 = Date.now();
  const endpoints = await resolveInfrastructure(started);
  (globalThis as { __rosterContainers?: typeof started }).__rosterContainers = started;
  process.env.KAFKA_BROKERS = endpoints.kafkaBrokers;
  process.env.MONGO_URL = endpoints.mongoUrl;
  process.env.REDIS_URL = endpoints.redisUrl;
  // The broker accepts connections before its group coordinator is ready: provisioning waits for it.
  await provisionTopics(createKafka({ brokers: endpoints.kafkaBrokers.split(','), clientId: 'roster-test-setup' }));
  process.stdout.write(`\n[test-infra] ${endpoints.source}: kafka ${endpoints.kafkaBrokers}, mongo ${endpoints.mongoUrl}, redis ${endpoints.redisUrl} (${Date.now() - t0} ms)\n`);
}
