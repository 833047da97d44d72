import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ImportRunJob, Queues, importRunJobId } from '@roster/contracts';
import { SETTINGS } from '@roster/http';
import { REDIS } from '@roster/messaging';
import { MetricsRegistry } from '@roster/observability';
import { ImportsSettings } from '../imports.settings';

/** Where import passes wait for a worker. Enqueuing a pass that already waits changes nothing. */
@Injectable()
export class ImportQueue implements OnApplicationShutdown {
  readonly queue: Queue<ImportRunJob>;

  constructor(@Inject(REDIS) redis: Redis, @Inject(SETTINGS) settings: ImportsSettings, metrics: MetricsRegistry) {
    this.queue = new Queue<ImportRunJob>(Queues.ImportRun, { connection: redis, prefix: settings.REDIS_PREFIX });
    // What import workers scale on (KEDA's redis trigger reads the same list).
    metrics.gauge('roster_import_queue_jobs', 'Import passes in the BullMQ queue, by state', async (gauge) => {
      const counts = await this.queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed');
      for (const [state, count] of Object.entries(counts)) gauge.set({ state }, count);
    }, ['state']);
  }

  async enqueue(job: ImportRunJob): Promise<void> {
    await this.queue.add(job.kind, job, {
      jobId: importRunJobId(job),
      attempts: 5,
      backoff: { type: 'exponential', delay: 2000 },
      // The import document is the record of what happened; finished jobs need not stay, and their
      // id must be free for the next dry run of the same import.
      removeOnComplete: true,
      removeOnFail: true,
    });
  }

  waiting(): Promise<number> {
    return this.queue.getWaitingCount();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
