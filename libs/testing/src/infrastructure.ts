import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface InfrastructureEndpoints {
  kafkaBrokers: string;
  mongoUrl: string;
  redisUrl: string;
  source: 'environment' | 'testcontainers' | 'local-scripts';
}

const ROOT = join(__dirname, '..', '..', '..');

function fromEnvironment(): InfrastructureEndpoints | undefined {
  const { KAFKA_BROKERS, MONGO_URL, REDIS_URL } = process.env;
  if (KAFKA_BROKERS && MONGO_URL && REDIS_URL) {
    return { kafkaBrokers: KAFKA_BROKERS, mongoUrl: MONGO_URL, redisUrl: REDIS_URL, source: 'environment' };
  }
  return undefined;
}

function dockerEngineAnswers(): boolean {
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

type Stoppable = { stop(): Promise<unknown> };

async function fromTestcontainers(started: Stoppable[]): Promise<InfrastructureEndpoints> {
  // Loaded only here: machines without a Docker engine never need these modules.
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const { MongoDBContainer } = await import('@testcontainers/mongodb');
  const { RedisContainer } = await import('@testcontainers/redis');
  const [kafka, mongo, redis] = await Promise.all([
    new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start(),
    new MongoDBContainer('mongo:7.0').start(),
    new RedisContainer('redis:7.4').withCommand(['redis-server', '--maxmemory-policy', 'noeviction']).start(),
  ]);
  started.push(kafka, mongo, redis);
  return {
    kafkaBrokers: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
    mongoUrl: `${mongo.getConnectionString()}?directConnection=true`,
    redisUrl: redis.getConnectionUrl(),
    source: 'testcontainers',
  };
}

function fromLocalScripts(): InfrastructureEndpoints {
  execFileSync('bash', [join(ROOT, 'deploy/local/infra.sh'), 'up'], { stdio: 'inherit' });
  const host = process.env.INFRA_HOST ?? '127.0.0.1';
  return {
    kafkaBrokers: `${host}:${process.env.KAFKA_PORT ?? 9092}`,
    mongoUrl: `mongodb://${host}:${process.env.MONGO_PORT ?? 27017}`,
    redisUrl: `redis://${host}:${process.env.REDIS_PORT ?? 6379}`,
    source: 'local-scripts',
  };
}

/**
 * Where the tests' Kafka, MongoDB-compatible server and Redis are: given by the environment,
 * else started with testcontainers where a Docker engine answers, else by deploy/local scripts.
 */
export async function resolveInfrastructure(started: Stoppable[]): Promise<InfrastructureEndpoints> {
  return fromEnvironment() ?? (dockerEngineAnswers() ? await fromTestcontainers(started) : fromLocalScripts());
}
