import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { SETTINGS } from '@roster/http';
import { CLOCK, Clock } from '../clock';
import { SegmentationSettings } from '../segmentation.settings';
import { ContactProjectionsRepository } from './contact-projections.repository';
import { MembershipWriter } from './membership-writer';

const BATCH = 500;
/** A pending member sync older than this was left by a writer that died. */
const LAGGING_AFTER_MS = 30_000;
/** Such leftovers are rare (a process died mid-write): they are looked for once every this many sweeps. */
const REPAIR_EVERY = 6;

/**
 * Time passing: re-evaluates every contact whose next check is due, so a relative-date segment
 * changes at the instant its boundary passes (within one sweep interval) with no event and no
 * full rebuild. It also finishes member documents a dead writer left behind.
 */
@Injectable()
export class MembershipSweeper implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(MembershipSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private sweeps = 0;

  constructor(
    private readonly projections: ContactProjectionsRepository,
    private readonly writer: MembershipWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SETTINGS) private readonly settings: SegmentationSettings,
  ) {}

  onModuleInit(): void {
    if (this.settings.SEGMENT_SWEEP_INTERVAL_MS === 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .then(() => undefined)
        .catch((error) => this.logger.error(`membership sweep failed: ${(error as Error).message}`))
        .finally(() => (this.running = undefined));
    }, this.settings.SEGMENT_SWEEP_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; returns how many contacts were re-evaluated because time passed. */
  async sweep(): Promise<number> {
    let evaluated = 0;
    for (;;) {
      const due = await this.projections.due(new Date(this.clock.now()), BATCH);
      for (const { tenantId, contactId } of due) await this.writer.reconcile(tenantId, contactId, { cause: { kind: 'time-passed' } });
      evaluated += due.length;
      if (due.length < BATCH) break;
    }
    if (this.sweeps++ % REPAIR_EVERY === 0) {
      const lagging = await this.projections.lagging(new Date(Date.now() - LAGGING_AFTER_MS), BATCH);
      for (const projection of lagging) await this.writer.syncMembers(projection);
    }
    return evaluated;
  }
}
