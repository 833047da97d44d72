// What every benchmark needs: service processes started and awaited, latency percentiles, peak memory.
import { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kafka } from 'kafkajs';
import { validateEvent } from '@roster/contracts';
import { Role, signToken } from '@roster/http';
import { createKafka, provisionTopics } from '@roster/messaging';
import { resolveInfrastructure, startServiceProcess, stopServiceProcess } from '@roster/testing';

export const ROOT = join(__dirname, '..');
export const BENCH_DIR = join(ROOT, '.bench');
export const BENCH_SECRET = 'bench-secret-0123456789abcdef';
export const SEED = 20261123;

export const log = (message: string) => process.stdout.write(`[bench] ${message}\n`);

/**
 * A run's own slice of the infrastructure: topics provisioned under a fresh prefix, and the
 * environment a service process of the run starts with (its database, then any overrides).
 */
export async function benchInfrastructure(name: string) {
  const endpoints = await resolveInfrastructure([]);
  const runId = Date.now().toString(36);
  const prefix = `bench-${name}-${runId}`;
  const kafka = createKafka({ brokers: endpoints.kafkaBrokers.split(','), clientId: 'bench' });
  await provisionTopics(kafka, prefix);
  const serviceEnv = (db: string, overrides: Record<string, string> = {}): Record<string, string> => ({
    AUTH_JWT_SECRET: BENCH_SECRET, MONGO_URL: endpoints.mongoUrl, MONGO_DB: db, KAFKA_BROKERS: endpoints.kafkaBrokers, KAFKA_TOPIC_PREFIX: prefix, LOG_LEVEL: 'warn',
    REDIS_URL: endpoints.redisUrl, REDIS_PREFIX: prefix,
    // A benchmark's one tenant sends what a whole customer base would: per-tenant limits would
    // measure themselves. The fairness benchmark turns them back on.
    RATE_LIMITS_ENABLED: 'false',
    ...overrides,
  });
  return { endpoints, runId, prefix, kafka, serviceEnv };
}

/** Starts a service's main.ts as its own process (log in .bench/<name>.log) and waits until it is ready. */
export function startProcess(name: string, entry: string, port: number, env: Record<string, string>, readyWithinMs = 90_000): Promise<ChildProcess> {
  mkdirSync(BENCH_DIR, { recursive: true });
  return startServiceProcess({ entry, port, env, logFile: join(BENCH_DIR, `${name}.log`), readyWithinMs });
}

export const stopProcess = stopServiceProcess;

export const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `total` tasks, `concurrency` at a time; returns their latencies (ms), sorted. */
export async function runConcurrently(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const started = performance.now();
        await task(i);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

/** A JSON client for one service, as an admin of one tenant (or as the operator setting its plan). */
export function apiClient(port: number, tenant: string, role: Role = 'admin') {
  const auth = `Bearer ${signToken(BENCH_SECRET, { tenantId: tenant, role }, 24 * 3600)}`;
  return async (method: string, path: string, body?: unknown): Promise<any> => {
    const form = body instanceof FormData;
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { authorization: auth, ...(body === undefined || form ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : form ? (body as FormData) : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 400) throw new Error(`${method} ${path} -> ${response.status}: ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/** The baseline of every event benchmark: `total` events of `topic` parsed, validated and acknowledged, events/s. */
export async function bareConsumeRate(kafka: Kafka, topic: string, groupId: string, total: number): Promise<number> {
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let consumed = 0;
  let firstAt = 0;
  const lastAt = await new Promise<number>((resolve) => {
    void consumer.run({
      partitionsConsumedConcurrently: 3,
      eachMessage: async ({ message }) => {
        if (consumed === 0) firstAt = performance.now();
        if (!validateEvent(JSON.parse(message.value!.toString())).ok) throw new Error('invalid event in the benchmark');
        if (++consumed === total) resolve(performance.now());
      },
    });
  });
  await consumer.disconnect();
  return Math.round(total / ((lastAt - firstAt) / 1000));
}
