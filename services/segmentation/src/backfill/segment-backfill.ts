import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { SETTINGS } from '@roster/http';
import { CLOCK, Clock } from '../clock';
import { ContactProjectionsRepository, StoredProjection } from '../membership/contact-projections.repository';
import { inSegment } from '../membership/domain/membership-engine';
import { MembershipCause, MembershipWriter } from '../membership/membership-writer';
import { nextFlip } from '../rules/domain/rule-evaluator';
import { SegmentationSettings } from '../segmentation.settings';
import { SegmentCatalog, definitionOf } from '../segments/segment-catalog';
import { SegmentRecord } from '../segments/segment.schema';
import { SegmentTenantsRepository } from '../segments/segment-tenants.repository';
import { SegmentsRepository } from '../segments/segments.repository';

const LEASE_MS = 30_000;
const PROGRESS_EVERY = 500;
const WRITES_AT_ONCE = 16;

/**
 * Computes a new or changed segment over all of the tenant's contacts in the background, and lets
 * every member of a deleted segment go. Any instance may take a segment (a lease on the segment
 * document); one that dies loses the lease and another starts the segment again, which is safe
 * because each contact's decision is written conditionally and emits only real changes.
 */
@Injectable()
export class SegmentBackfill implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SegmentBackfill.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly segments: SegmentsRepository,
    private readonly tenants: SegmentTenantsRepository,
    private readonly projections: ContactProjectionsRepository,
    private readonly catalog: SegmentCatalog,
    private readonly writer: MembershipWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SETTINGS) private readonly settings: SegmentationSettings,
  ) {}

  onModuleInit(): void {
    if (this.settings.SEGMENT_BACKFILL_POLL_MS === 0) return;
    this.timer = setInterval(() => this.kick(), this.settings.SEGMENT_BACKFILL_POLL_MS);
  }

  /** Starts a round now (after a segment changed) unless one is under way. */
  kick(): void {
    if (this.stopping) return;
    this.running ??= this.drain()
      .catch((error) => this.logger.error(`backfill failed: ${(error as Error).message}`))
      .finally(() => (this.running = undefined));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopping) return;
      const segment = await this.segments.claimBackfill(LEASE_MS);
      if (!segment) return;
      await this.run(segment);
    }
  }

  private async run(segment: SegmentRecord): Promise<void> {
    const tenantId = segment.tenantId;
    const definition = definitionOf(segment);
    const cause: MembershipCause = { kind: segment.state === 'retiring' ? 'segment-deleted' : segment.version === 1 ? 'segment-created' : 'segment-updated' };
    // The tenant's size as its last finished backfill found it is close enough for progress, and
    // spares a second read of every contact beside the backfill's own (a backend without count
    // pushdown decodes each one). A tenant's first backfill counts, as does one after a backfill of
    // no contacts (cheap then).
    let total = (await this.segments.lastBackfilledTotal(tenantId)) || undefined;
    if (!(await this.segments.progress(segment, { version: segment.version, total: total ?? 0, processed: 0, startedAt: new Date(), finishedAt: null }, LEASE_MS))) return;
    const { lifecycle } = await this.catalog.of(tenantId);
    // Counted beside the backfill, not before it: on a large tenant the count takes as long as the
    // read itself, and progress reports the total from the first write after it is known. It stops
    // with the backfill, which may end first (finished, lease lost, service stopping).
    const counting = new AbortController();
    if (total === undefined) {
      void this.projections.countLive(tenantId, counting.signal).then(
        (n) => void (total = n),
        (error) => this.logger.warn({ tenantId, error: (error as Error).message }, 'counting contacts for backfill progress failed'),
      );
    }

    let processed = 0;
    let unsettled: StoredProjection[] = [];
    // Contacts whose decision changes are written several at a time: each write is conditional,
    // and waiting for them one by one left the database idle between round trips.
    const decide = async () => {
      await Promise.all(unsettled.map((doc) => this.writer.reconcile(tenantId, doc.contactId, { segments: [definition], cause, current: doc })));
      unsettled = [];
    };
    const cursor = this.projections.streamLive(tenantId);
    try {
      for await (const doc of cursor) {
        if (this.stopping) return;
        const context = { now: this.clock.now(), lifecycle };
        const contact = doc.contact!;
        const member = inSegment(definition, contact, context);
        const flip = definition.retiring ? undefined : nextFlip(definition.rule, contact, context);
        const settled = member === Boolean(doc.memberships?.[definition.id]) && (flip === undefined || (doc.nextCheckAt && doc.nextCheckAt.getTime() <= flip));
        if (!settled) unsettled.push(doc);
        if (unsettled.length === WRITES_AT_ONCE) await decide();
        processed += 1;
        if (processed % PROGRESS_EVERY === 0) {
          await decide();
          if (!(await this.segments.progress(segment, total === undefined ? { processed } : { processed, total }, LEASE_MS))) return;
        }
      }
      await decide();
    } finally {
      counting.abort();
      await cursor.close();
    }

    if (segment.state === 'retiring') {
      await this.segments.removeRetired(segment);
      await this.tenants.bumpGeneration(tenantId);
    } else {
      await this.segments.finishBackfill(segment, processed);
    }
    this.logger.log({ tenantId, segmentId: definition.id, version: segment.version, processed }, 'segment backfill finished');
  }
}
