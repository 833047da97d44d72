import { randomBytes } from 'node:crypto';
import { Kafka } from 'kafkajs';
import mongoose from 'mongoose';
import { allTopicsToProvision } from '@roster/contracts';
import { createKafka, provisionTopics } from '@roster/messaging';

export const TEST_JWT_SECRET = 'roster-test-secret-0123456789';

export interface IsolatedInfrastructure {
  id: string;
  kafka: Kafka;
  kafkaBrokers: string;
  mongoUrl: string;
  mongoDb: string;
  redisUrl: string;
  redisPrefix: string;
  topicPrefix: string;
  /** Environment for a service's settings class, pointing at this file's database and topics. */
  env(overrides?: Record<string, string>): Record<string, string>;
  /** Drops the database and deletes the topics. */
  cleanup(): Promise<void>;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest (its global setup provides it)`);
  return value;
}

/**
 * Gives one test file its own database, topic prefix (with every contract topic provisioned),
 * consumer-group prefix and Redis key prefix, so test files can run in parallel.
 */
export async function isolatedInfrastructure(label: string): Promise<IsolatedInfrastructure> {
  const id = `${label.replace(/[^a-z0-9]/gi, '').slice(0, 20)}${randomBytes(4).toString('hex')}`.toLowerCase();
  const kafkaBrokers = required('KAFKA_BROKERS');
  const mongoUrl = required('MONGO_URL');
  const redisUrl = required('REDIS_URL');
  const kafka = createKafka({ brokers: kafkaBrokers.split(','), clientId: `test-${id}` });
  const topicPrefix = `t-${id}`;
  const mongoDb = `t_${id}`;
  await provisionTopics(kafka, topicPrefix);

  return {
    id,
    kafka,
    kafkaBrokers,
    mongoUrl,
    mongoDb,
    redisUrl,
    redisPrefix: `t-${id}`,
    topicPrefix,
    env: (overrides = {}) => ({
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HTTP_PORT: '3999',
      HTTP_HOST: '127.0.0.1',
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      MONGO_URL: mongoUrl,
      MONGO_DB: mongoDb,
      KAFKA_BROKERS: kafkaBrokers,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: `t-${id}`,
      OUTBOX_RELAY_INTERVAL_MS: '100',
      ...overrides,
    }),
    cleanup: async () => {
      const connection = await mongoose.createConnection(mongoUrl, { dbName: mongoDb }).asPromise();
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: allTopicsToProvision(topicPrefix).map((t) => t.topic) }).catch(() => undefined);
      await admin.disconnect();
    },
  };
}
