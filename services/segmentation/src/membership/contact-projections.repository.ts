import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model } from 'mongoose';
import { EventEnvelope } from '@roster/contracts';
import { OutboxFields, outboxOnInsert, withOutbox } from '@roster/messaging';
import { ConditionalUpdate, MONGO_CONNECTION, RequestCoalescer, coalescedInserts, coalescedReadsById, coalescedUpdates } from '@roster/persistence';
import { ContactProjectionRecord, ContactProjectionSchema, projectionId } from './contact-projection.schema';

/** What bringing member documents in line needs of a projection. */
export type PendingMembers = Pick<ContactProjectionRecord, '_id' | 'tenantId' | 'contactId' | 'rev' | 'memberships' | 'membersPending'>;
const PENDING_FIELDS = { tenantId: 1, contactId: 1, rev: 1, memberships: 1, membersPending: 1 };

export type StoredProjection = ContactProjectionRecord & Pick<OutboxFields, 'outboxPendingSince'>;

export type ProjectionWrite = Pick<ContactProjectionRecord, 'version' | 'contact' | 'memberships' | 'eventSequence' | 'nextCheckAt'>;

// ';' follows ':', so the range holds every key starting `<tenant>:` (tenantId keeps it exact).
const liveOf = (tenantId: string) => ({ _id: { $gte: `${tenantId}:`, $lt: `${tenantId};` }, tenantId, contact: { $ne: null } });

/** Keyed `<tenant>:<contact id>`: the tenant is part of every key, so no lookup crosses tenants. */
@Injectable()
export class ContactProjectionsRepository {
  readonly model: Model<ContactProjectionRecord>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.model = connection.model<ContactProjectionRecord>('ContactProjection', ContactProjectionSchema);
    this.inserts = coalescedInserts(this.model.collection);
    this.updates = coalescedUpdates(this.model.collection);
  }

  /** Reads of contacts handled side by side (64 at once per partition) go as one `$in`. */
  private readonly reads = coalescedReadsById((ids) => this.model.find({ _id: { $in: ids } }).select('+outboxPendingSince').lean<StoredProjection[]>().exec());

  /** Writes of contacts handled side by side go as one bulk write each (inserts, updates, clears). */
  private readonly inserts: RequestCoalescer<object, boolean>;
  private readonly updates: RequestCoalescer<ConditionalUpdate, boolean>;

  async onModuleInit(): Promise<void> {
    await this.model.createIndexes();
  }

  get collection() {
    return this.model.collection;
  }

  /** With `outboxPendingSince`, which says whether membership events are still waiting in it. */
  get(tenantId: string, contactId: string): Promise<StoredProjection | null> {
    return this.reads.request(projectionId(tenantId, contactId));
  }

  /** False when another writer created it first. */
  insert(tenantId: string, contactId: string, write: ProjectionWrite, pending: string[], events: EventEnvelope[]): Promise<boolean> {
    return this.inserts.request({
      _id: projectionId(tenantId, contactId),
      tenantId,
      contactId,
      ...write,
      rev: 1,
      membersPending: pending,
      ...(pending.length > 0 ? { membersPendingSince: new Date() } : {}),
      ...(events.length > 0 ? outboxOnInsert(events) : {}),
    });
  }

  /** Writes only if nobody wrote since revision `rev` was read. */
  async replace(current: ContactProjectionRecord, write: ProjectionWrite, pending: string[], events: EventEnvelope[]): Promise<boolean> {
    let update: Record<string, unknown> = { $set: { ...write, rev: current.rev + 1 } };
    if (pending.length > 0) update = { ...update, $addToSet: { membersPending: { $each: pending } }, $min: { membersPendingSince: new Date() } };
    if (events.length > 0) update = withOutbox(update, events);
    return this.updates.request({ filter: { _id: current._id, rev: current.rev } as never, update });
  }

  /**
   * Member documents were brought in line with the projection at revision `rev` (and, with
   * `outboxPublished`, the events its outbox held at that revision were published). False when it
   * was written since: its writer syncs what it holds now.
   */
  async clearPending(state: PendingMembers, outboxPublished = false): Promise<boolean> {
    const update = outboxPublished
      ? { $set: { membersPending: [], outbox: [] }, $unset: { membersPendingSince: '', outboxPendingSince: '' } }
      : { $set: { membersPending: [] }, $unset: { membersPendingSince: '' } };
    return this.updates.request({ filter: { _id: state._id, rev: state.rev } as never, update });
  }

  /**
   * Live contacts of a tenant, streamed: the `_id` range of the tenant's prefix, which MongoDB walks
   * in its `_id` index instead of scanning every tenant's projections. No sort is asked for: MongoDB
   * returns the range in key order anyway, and a backend that would sort (FerretDB) would first hold
   * the whole tenant in memory. All fields unless `fields` (a mongoose selection) names some.
   */
  streamLive(tenantId: string, fields = '+outboxPendingSince') {
    return this.model.find(liveOf(tenantId)).select(fields).lean<StoredProjection[]>().cursor({ batchSize: 1000 });
  }

  /**
   * Counted over a stream of keys rather than with countDocuments: FerretDB answers a count with a
   * $group that holds every matching document in memory (gigabytes at 200,000 projections).
   * Stops early (with the count so far) once `signal` aborts.
   */
  async countLive(tenantId: string, signal?: AbortSignal): Promise<number> {
    let count = 0;
    for await (const _ of this.model.find(liveOf(tenantId)).select('_id').lean().cursor({ batchSize: 5000 })) {
      if (signal?.aborted) break;
      count += 1;
    }
    return count;
  }

  /** Contacts whose result may have changed with time alone. */
  due(now: Date, limit: number): Promise<Array<Pick<ContactProjectionRecord, 'tenantId' | 'contactId'>>> {
    return this.model.find({ nextCheckAt: { $lte: now } }, { tenantId: 1, contactId: 1 }).sort({ nextCheckAt: 1 }).limit(limit).lean().exec();
  }

  /** Contacts whose member documents lag behind (a writer died between the two writes). */
  lagging(before: Date, limit: number): Promise<PendingMembers[]> {
    return this.model.find({ membersPendingSince: { $lte: before } }, PENDING_FIELDS).limit(limit).lean<PendingMembers[]>().exec();
  }
}
