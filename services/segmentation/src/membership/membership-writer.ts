import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { EventEnvelope, MEMBERSHIP_CAUSES, SegmentMembershipChanged, createEvent } from '@roster/contracts';
import { EventPublisher } from '@roster/messaging';
import { MetricsRegistry } from '@roster/observability';
import { CLOCK, Clock } from '../clock';
import { SegmentContact } from '../rules/domain/segment-contact';
import { SegmentCatalog } from '../segments/segment-catalog';
import { ContactProjectionRecord, projectionId } from './contact-projection.schema';
import { ContactProjectionsRepository, PendingMembers, ProjectionWrite, StoredProjection } from './contact-projections.repository';
import { SegmentDefinition, evaluateMemberships } from './domain/membership-engine';
import { SegmentMembersRepository } from './segment-members.repository';
import { SegmentationOutbox } from './segmentation-outbox';

export interface MembershipCause {
  kind: (typeof MEMBERSHIP_CAUSES)[number];
  eventId?: string;
  eventType?: string;
}

export interface ContactState {
  contact: SegmentContact | null;
  version: number;
}

export interface Reconciliation {
  /** The contact's new state, from its current projection (null if none yet); 'skip' to leave it. */
  next?: (current: ContactProjectionRecord | null) => ContactState | 'skip';
  /** Decide only these segments (backfill); all of the tenant's when absent. */
  segments?: SegmentDefinition[];
  cause: MembershipCause;
  correlationId?: string;
  /** The projection as the caller has just read it, for the first attempt (a write checks it). */
  current?: StoredProjection;
}

/** The id of a membership decision: the same contact, sequence, change and cause make the same id. */
function decisionId(tenantId: string, contactId: string, sequence: number, change: { segmentId: string; change: string }, cause: object): string {
  return createHash('sha256').update(JSON.stringify([tenantId, contactId, sequence, change.segmentId, change.change, cause])).digest('base64url');
}

const MAX_ATTEMPTS = 10;
const SOURCE = '/roster/segmentation';

/**
 * The one writer of memberships. It evaluates a contact against segments and writes the new
 * memberships, the entry and exit events (outbox) and the segments whose member documents must
 * follow, in one conditional update of the contact's projection; a concurrent writer makes it
 * read again and retry. Member documents follow right after, and the sweeper finishes them if
 * this process dies in between.
 */
@Injectable()
export class MembershipWriter {
  constructor(
    private readonly projections: ContactProjectionsRepository,
    private readonly members: SegmentMembersRepository,
    private readonly catalog: SegmentCatalog,
    private readonly outbox: SegmentationOutbox,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly publisher: EventPublisher,
    metrics: MetricsRegistry,
  ) {
    this.published = metrics.eventsPublished;
    this.duration = metrics.histogram(
      'roster_segment_evaluation_seconds',
      "A contact's re-evaluation against its tenant's segments, read to write, by cause",
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      ['cause'],
    );
  }

  private readonly duration: Histogram<'cause'>;
  private readonly published: Counter<string>;

  /** Returns the number of membership changes written, or 'skipped'. */
  async reconcile(tenantId: string, contactId: string, input: Reconciliation): Promise<number | 'skipped'> {
    const stop = this.duration.startTimer({ cause: input.cause.kind });
    try {
      return await this.reconcileWithRetries(tenantId, contactId, input);
    } finally {
      stop();
    }
  }

  private async reconcileWithRetries(tenantId: string, contactId: string, input: Reconciliation): Promise<number | 'skipped'> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      // Two primary-key reads, side by side (the segments themselves are cached).
      const known = attempt === 1 ? input.current : undefined;
      const [current, tenant] = await Promise.all([known ?? this.projections.get(tenantId, contactId), this.catalog.of(tenantId)]);
      const state = input.next ? input.next(current) : current && { contact: current.contact, version: current.version };
      if (!state || state === 'skip') return 'skipped';

      const now = this.clock.now();
      const outcome = evaluateMemberships(state.contact, current?.memberships ?? {}, input.segments ?? tenant.definitions, { now, lifecycle: tenant.lifecycle }, {
        partial: input.segments !== undefined,
        previousNextCheckAt: current?.nextCheckAt?.getTime(),
      });
      const nextCheckAt = outcome.nextCheckAt === undefined ? null : new Date(outcome.nextCheckAt);
      if (current && !input.next && outcome.changes.length === 0 && (current.nextCheckAt?.getTime() ?? null) === (nextCheckAt?.getTime() ?? null)) {
        return 0;
      }

      const firstSequence = (current?.eventSequence ?? 0) + 1;
      const at = new Date(now).toISOString();
      const events = outcome.changes.map((change, i) =>
        createEvent(SegmentMembershipChanged, {
          // A decision made again (its first write never finished) is the same event: consumers
          // that drop an id they have seen keep one copy.
          id: decisionId(tenantId, contactId, firstSequence + i, change, input.cause),
          tenantId,
          subject: contactId,
          sequence: firstSequence + i,
          source: SOURCE,
          time: new Date(now),
          correlationId: input.correlationId,
          data: { ...change, contactId, at, cause: input.cause },
        }),
      );
      const write = {
        version: state.version,
        contact: state.contact,
        memberships: outcome.memberships,
        eventSequence: firstSequence - 1 + events.length,
        nextCheckAt,
      };
      const pending = outcome.changes.map((c) => c.segmentId);
      if (!current && input.cause.kind === 'contact-event') {
        if (await this.createFromEvent(tenantId, contactId, write, events, pending)) return events.length;
        continue;
      }
      const written = current
        ? await this.projections.replace(current, write, pending, events)
        : await this.projections.insert(tenantId, contactId, write, pending, events);
      if (!written) continue;

      if (events.length > 0) {
        const id = projectionId(tenantId, contactId);
        // With nothing pending before this write, its outbox holds exactly these events, so they
        // are published here and cleared with the member sync; otherwise the relay keeps the order.
        const outboxWasEmpty = !current?.outboxPendingSince;
        if (!outboxWasEmpty) this.outbox.nudge([id]);
        await this.syncMembers(
          {
            _id: id,
            tenantId,
            contactId,
            rev: (current?.rev ?? 0) + 1,
            memberships: outcome.memberships,
            membersPending: [...new Set([...(current?.membersPending ?? []), ...pending])],
          },
          outboxWasEmpty ? events : undefined,
        );
      }
      return events.length;
    }
    throw new Error(`contact ${contactId}: memberships kept changing under ${MAX_ATTEMPTS} attempts`);
  }

  /**
   * A contact's first projection, from a contact event: member documents inserted, entry events
   * published, then the projection written, clean. No outbox is needed: until the projection is
   * written the event is not done, so a process dying in between has it delivered again, and the
   * same entries (same sequences) are written and published again. Write amplification matters
   * here: a finished import's backlog is all first projections. False when another writer created
   * the projection first; the member documents this one wrote are then brought in line with it.
   */
  private async createFromEvent(tenantId: string, contactId: string, write: ProjectionWrite, events: EventEnvelope[], entered: string[]): Promise<boolean> {
    const since = (segmentId: string) => new Date(write.memberships[segmentId].since);
    await this.members.set(tenantId, contactId, entered.map((segmentId) => ({ segmentId, since: since(segmentId) })), true);
    if (events.length > 0) {
      await this.publisher.publish(events);
      this.published.inc(events.length);
    }
    if (await this.projections.insert(tenantId, contactId, write, [], [])) return true;
    const winner = await this.projections.get(tenantId, contactId);
    if (winner) await this.syncMembers({ ...winner, membersPending: [...new Set([...winner.membersPending, ...entered])] });
    return false;
  }

  /**
   * Brings member documents in line with a projection as last written or read, for its pending
   * segments, then publishes `written` (the events that write left in an otherwise empty outbox)
   * and clears both. If it was written meanwhile, the newer state is read and synced in turn (the
   * segments this sync wrote as well: a concurrent sync of the newer state may have written them
   * first), and its outbox is left to the relay.
   */
  async syncMembers(state: PendingMembers | null, written?: EventEnvelope[]): Promise<void> {
    let touched: string[] = [];
    for (let attempt = 1; state && (state.membersPending.length > 0 || touched.length > 0 || written); attempt++) {
      const { tenantId, contactId, memberships } = state;
      const since = (segmentId: string) => (memberships[segmentId] ? new Date(memberships[segmentId].since) : null);
      touched = [...new Set([...state.membersPending, ...touched])];
      await this.members.set(tenantId, contactId, touched.map((segmentId) => ({ segmentId, since: since(segmentId) })));
      const published = written !== undefined && (await this.outbox.publishWritten(written));
      const cleared = await this.projections.clearPending(state, published);
      if (written && !(published && cleared)) this.outbox.nudge([state._id]);
      written = undefined;
      if (cleared || attempt === MAX_ATTEMPTS) return;
      state = await this.projections.get(tenantId, contactId);
    }
  }
}
