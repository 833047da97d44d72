import { Job, Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { ImportRunJob, Queues, importRunJobId } from '@roster/contracts';
import { createRedis } from '@roster/messaging';
import { IsolatedInfrastructure, isolatedInfrastructure } from '@roster/testing';

describe('BullMQ on the real Redis', () => {
  let infra: IsolatedInfrastructure;
  let connections: Redis[];
  let queue: Queue<ImportRunJob>;
  let events: QueueEvents;
  let worker: Worker<ImportRunJob>;
  const attemptsSeen = new Map<string, number>();

  beforeAll(async () => {
    infra = await isolatedInfrastructure('bullmq');
    // BullMQ leaves connections it is given open: the test owns and closes them.
    connections = [createRedis(infra.redisUrl), createRedis(infra.redisUrl), createRedis(infra.redisUrl)];
    const [queueConnection, eventsConnection, workerConnection] = connections;
    queue = new Queue<ImportRunJob>(Queues.ImportRun, { connection: queueConnection, prefix: infra.redisPrefix });
    events = new QueueEvents(Queues.ImportRun, { connection: eventsConnection, prefix: infra.redisPrefix });
    worker = new Worker<ImportRunJob>(
      Queues.ImportRun,
      async (job: Job<ImportRunJob>) => {
        const attempt = (attemptsSeen.get(job.data.importId) ?? 0) + 1;
        attemptsSeen.set(job.data.importId, attempt);
        if (job.data.importId === 'flaky' && attempt === 1) throw new Error('transient failure');
        return { importId: job.data.importId, tenantId: job.data.tenantId, attempt };
      },
      { connection: workerConnection, prefix: infra.redisPrefix },
    );
    await Promise.all([events.waitUntilReady(), worker.waitUntilReady()]);
  });

  afterAll(async () => {
    await worker?.close();
    await events?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
    await Promise.all((connections ?? []).map((c) => c.quit()));
    await infra?.cleanup();
  });

  it('runs a job and returns its result', async () => {
    const data = { tenantId: 'acme', importId: 'imp-1', kind: 'run' as const };
    const job = await queue.add('run', data, { jobId: importRunJobId(data) });
    expect(await job.waitUntilFinished(events, 15_000)).toEqual({ importId: 'imp-1', tenantId: 'acme', attempt: 1 });
  });

  it('keeps one job per deterministic id when enqueued twice', async () => {
    const data = { tenantId: 'acme', importId: 'imp-2', kind: 'run' as const };
    const first = await queue.add('run', data, { jobId: importRunJobId(data) });
    const second = await queue.add('run', data, { jobId: importRunJobId(data) });
    expect(second.id).toBe(first.id);
    await first.waitUntilFinished(events, 15_000);
    expect(attemptsSeen.get('imp-2')).toBe(1);
  });

  it('retries a failed attempt', async () => {
    const data = { tenantId: 'acme', importId: 'flaky', kind: 'run' as const };
    const job = await queue.add('run', data, { jobId: importRunJobId(data), attempts: 2, backoff: { type: 'fixed', delay: 50 } });
    expect(await job.waitUntilFinished(events, 15_000)).toMatchObject({ attempt: 2 });
  });
});
