import { hostname } from 'node:os';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DelayedError, Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Value } from '@sinclair/typebox/value';
import { ImportRunJob, ImportRunJobSchema, Queues } from '@roster/contracts';
import { SETTINGS } from '@roster/http';
import { createRedis } from '@roster/messaging';
import { withLogContext } from '@roster/observability';
import { ImportsRepository } from '../imports/imports.repository';
import { ImportsSettings } from '../imports.settings';
import { ImportQueue } from './import.queue';
import { ImportRunner } from './import-runner';

const RECOVERY_INTERVAL_MS = 60_000;

/**
 * The BullMQ workers of this process. A worker that dies loses its lock; another worker (or this
 * one on restart) finds the job stalled and runs it again, and the runner resumes from the last
 * committed chunk. A long import steps back behind waiting ones after each time slice.
 */
@Injectable()
export class ImportWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ImportWorker.name);
  private worker?: Worker<ImportRunJob>;
  private connection?: Redis;
  private recovery?: NodeJS.Timeout;

  constructor(
    private readonly runner: ImportRunner,
    private readonly queue: ImportQueue,
    private readonly imports: ImportsRepository,
    @Inject(SETTINGS) private readonly settings: ImportsSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.settings.IMPORT_WORKER_CONCURRENCY === 0) return;
    this.connection = createRedis(this.settings.REDIS_URL);
    this.worker = new Worker<ImportRunJob>(Queues.ImportRun, (job, token) => this.process(job, token), {
      connection: this.connection,
      prefix: this.settings.REDIS_PREFIX,
      // Kept on each job as processedBy: which host and process holds an import.
      name: `${hostname()}:${process.pid}`,
      concurrency: this.settings.IMPORT_WORKER_CONCURRENCY,
      lockDuration: this.settings.IMPORT_LOCK_MS,
      stalledInterval: this.settings.IMPORT_LOCK_MS,
      maxStalledCount: 100,
    });
    this.worker.on('failed', (job, error) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) {
        void this.runner.giveUp(job.data, error.message).catch((e) => this.logger.error(`could not record the failure of ${job.id}: ${e.message}`));
      }
    });
    this.worker.on('error', (error) => this.logger.error(`import worker: ${error.message}`));
    await this.requeueUnfinished();
    this.recovery = setInterval(() => void this.requeueUnfinished(), RECOVERY_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.recovery);
    await this.worker?.close();
    await this.connection?.quit().catch(() => this.connection?.disconnect());
  }

  private async process(job: Job<ImportRunJob>, token?: string): Promise<void> {
    if (!Value.Check(ImportRunJobSchema, job.data)) {
      this.logger.error(`job ${job.id} breaks its contract and is dropped: ${[...Value.Errors(ImportRunJobSchema, job.data)].map((e) => `${e.path} ${e.message}`).join('; ')}`);
      return;
    }
    const sliceStarted = Date.now();
    const { tenantId, correlationId, importId, kind } = job.data;
    const outcome = await withLogContext({ tenantId, correlationId, importId, pass: kind }, () =>
      this.runner.execute(job.data, async () => Date.now() - sliceStarted > this.settings.IMPORT_SLICE_MS && (await this.queue.waiting()) > 0),
    );
    if (outcome === 'yielded' && token) {
      await job.moveToDelayed(Date.now() + 100, token);
      throw new DelayedError();
    }
  }

  /** Passes recorded as queued or running get their job back if it was lost (Redis flushed, crash before enqueue). */
  private async requeueUnfinished(): Promise<void> {
    try {
      for (const job of await this.imports.unfinishedPasses()) await this.queue.enqueue(job);
    } catch (error) {
      this.logger.warn(`recovery sweep failed: ${(error as Error).message}`);
    }
  }
}
