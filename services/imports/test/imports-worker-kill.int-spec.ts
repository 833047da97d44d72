import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Queues, importRunJobId } from '@roster/contracts';
import { waitFor } from '@roster/testing';
import { ImportsHarness, brazilRows, startImports } from './imports-harness';

jest.setTimeout(240_000);

const ROOT = join(__dirname, '../../..');

/** An imports worker as its own process, as in production. */
function startWorker(h: ImportsHarness, port: number): ChildProcess {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'services/imports/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...h.importsEnv({ HTTP_PORT: String(port), IMPORT_WORKER_CONCURRENCY: '1', IMPORT_LOCK_MS: '2000', IMPORT_CHUNK_ROWS: '25', OUTBOX_RELAY_ENABLED: 'false' }) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

/** The process holding an import's job, as BullMQ records it (`host:pid`). */
async function holderOf(h: ImportsHarness, tenantId: string, importId: string): Promise<number | undefined> {
  const redis = new Redis(h.infra.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(Queues.ImportRun, { connection: redis, prefix: h.infra.redisPrefix });
  try {
    const job = await queue.getJob(importRunJobId({ tenantId, importId, kind: 'run' }));
    const pid = job?.processedBy?.split(':').pop();
    return pid ? Number(pid) : undefined;
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

describe('two workers on one queue, the one holding an import killed mid-import', () => {
  let h: ImportsHarness;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    // This process serves HTTP only; the imports run in the worker processes.
    h = await startImports('workerkill', { IMPORT_WORKER_CONCURRENCY: '0' });
  });

  afterAll(async () => {
    for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
    await h?.close();
  });

  it('is taken over by another worker, which finishes with exact counts and no duplicates', async () => {
    const tenant = 'killed';
    const { auth, imports, contacts } = h.as(tenant);
    const rows = brazilRows(500);
    // 30 rows repeat a phone already in the file, 20 hold no valid phone.
    for (let i = 0; i < 30; i++) rows.splice(100 + i * 12, 0, brazilRows(1, i * 11)[0].replace('Person', 'Again'));
    for (let i = 0; i < 20; i++) rows.splice(50 + i * 20, 0, `(11) 12${i},Nobody ${i}`);
    const id = (await h.upload(tenant, ['phone,name', ...rows].join('\n')).expect(201)).body.id;
    await imports.put(`/v1/imports/${id}/mapping`).set('Authorization', auth).send({ columns: { phone: 'phone', name: 'firstName' }, options: { mode: 'upsert', defaultCountry: 'BR' } }).expect(200);
    await imports.post(`/v1/imports/${id}/run`).set('Authorization', auth).expect(202);

    workers.push(startWorker(h, 3990), startWorker(h, 3991));
    await waitFor('a worker to commit a few chunks', async () => {
      const { body } = await imports.get(`/v1/imports/${id}`).set('Authorization', auth).expect(200);
      return body.run.counts.read >= 150 ? true : undefined;
    }, 120_000);
    const pid = await holderOf(h, tenant, id);
    const holding = workers.find((w) => w.pid === pid);
    expect(holding).toBeDefined();
    holding!.kill('SIGKILL');
    const killedAt = Date.now();
    await new Promise((resolve) => holding!.once('exit', resolve));
    const atKill = (await imports.get(`/v1/imports/${id}`).set('Authorization', auth).expect(200)).body.run;
    expect(atKill.state).toBe('running');
    expect(atKill.counts.read).toBeLessThan(rows.length);
    const resumed = await waitFor('the other worker to commit a chunk', async () => {
      const { body } = await imports.get(`/v1/imports/${id}`).set('Authorization', auth).expect(200);
      return body.run.counts.read > atKill.counts.read || body.run.state !== 'running' ? Date.now() : undefined;
    }, 120_000);
    process.stdout.write(`[scale-out] imports: the other worker committed its first chunk ${((resumed - killedAt) / 1000).toFixed(1)} s after the kill\n`);

    const done = await h.waitForPass(tenant, id, 'run', 180_000);
    expect(done.run).toMatchObject({
      state: 'completed',
      counts: { read: 550, created: 500, updated: 0, unchanged: 0, rejected: 50, duplicates: 30 },
      rejectedByReason: { 'duplicate-in-file': 30, 'phone-invalid': 20 },
    });
    expect((await contacts.get('/v1/tenant/usage').set('Authorization', auth).expect(200)).body.contacts).toBe(500);
    const report = await imports.get(`/v1/imports/${id}/errors.csv`).set('Authorization', auth).expect(200);
    expect(report.text.replace(/^\ufeff/, '').trim().split('\n')).toHaveLength(1 + 50);
    const events = await waitFor('ImportCompleted', () => {
      const mine = h.events.values<any>().filter((e) => e.subject === id);
      return mine.some((e) => e.type === 'roster.import.completed.v1') ? mine : undefined;
    }, 30_000);
    expect(events.map((e) => e.type)).toEqual(['roster.import.started.v1', 'roster.import.completed.v1']);
  });
});
