import { Inject, Injectable } from '@nestjs/common';
import { Connection, QueryFilter, Types } from 'mongoose';
import { OutboxFields } from '@roster/messaging';
import { MONGO_CONNECTION, Page, TenantScopedRepository, coalescedReadsById, coalescedUpdates, decodeCursor, encodeCursor } from '@roster/persistence';
import { ContactRecord, ContactSchema, RETIRED_CONTACT_INDEXES } from './contact.schema';

export const LIVE = { deletedAt: { $exists: false } } as const;

@Injectable()
export class ContactsRepository extends TenantScopedRepository<ContactRecord> {
  protected override readonly retiredIndexes = RETIRED_CONTACT_INDEXES;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection.model<ContactRecord>('Contact', ContactSchema));
  }

  get collection() {
    return this.model.collection;
  }

  /** Tenant scope plus "not deleted": what every read of live contacts starts from. */
  liveScope(tenantId: string, filter: QueryFilter<ContactRecord> = {}): QueryFilter<ContactRecord> {
    return this.scope(tenantId, { ...filter, ...LIVE } as QueryFilter<ContactRecord>);
  }

  async findLive(tenantId: string, id: string): Promise<ContactRecord | null> {
    const found = await this.findById(tenantId, id);
    return found && !found.deletedAt ? found : null;
  }

  /**
   * A live contact as a writer reads it, with `outboxPendingSince` (events of earlier writes still
   * waiting). Reads of contacts changed side by side (events of many contacts) go as one `$in`.
   */
  async findForWrite(tenantId: string, id: string): Promise<(ContactRecord & OutboxFields) | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const found = await this.writerReads.request(id);
    return found && found.tenantId === tenantId && !found.deletedAt ? found : null;
  }

  private readonly writerReads = coalescedReadsById((ids) =>
    this.model
      .find({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } })
      .select('+outboxPendingSince')
      .lean<Array<ContactRecord & OutboxFields>>()
      .exec(),
  );

  async findLiveByPhones(tenantId: string, phones: string[]): Promise<ContactRecord[]> {
    if (phones.length === 0) return [];
    return this.model
      .find(this.liveScope(tenantId, { phone: { $in: phones } }))
      .select('+createdByBatch +updatedByBatch')
      .lean<ContactRecord[]>()
      .exec();
  }

  async findByPhone(tenantId: string, phone: string): Promise<ContactRecord | null> {
    return this.model.findOne(this.scope(tenantId, { phone })).lean<ContactRecord>().exec();
  }

  async insertMany(records: Array<Partial<ContactRecord>>): Promise<{ inserted: Types.ObjectId[]; duplicates: number[] }> {
    try {
      const result = await this.model.collection.insertMany(records as never[], { ordered: false });
      return { inserted: Object.values(result.insertedIds) as Types.ObjectId[], duplicates: [] };
    } catch (error) {
      const bulk = error as { code?: number; writeErrors?: Array<{ index: number; code: number }>; insertedIds?: Record<number, Types.ObjectId> };
      const writeErrors = bulk.writeErrors ?? [];
      if (writeErrors.length === 0 || writeErrors.some((e) => e.code !== 11000)) throw error;
      const duplicates = writeErrors.map((e) => e.index);
      return { inserted: records.filter((_, i) => !duplicates.includes(i)).map((r) => r._id as Types.ObjectId), duplicates };
    }
  }

  /** Writes a new state only if nobody else wrote since `expectedVersion` was read. */
  async replaceVersioned(tenantId: string, id: Types.ObjectId, expectedVersion: number, update: Record<string, unknown>): Promise<boolean> {
    return this.versionedWrites.request({ filter: { _id: id, tenantId, version: expectedVersion }, update });
  }

  /** Versioned writes of contacts changed side by side (events of many contacts) go as one bulk write. */
  private readonly versionedWrites = coalescedUpdates(this.model.collection);

  /**
   * Keyset pagination over createdAt (the ObjectId order) or updatedAt, both directions: the cursor
   * holds the last item's sort value and id, so pages stay stable while contacts change.
   */
  async search(
    tenantId: string,
    filter: QueryFilter<ContactRecord>,
    sort: 'createdAt' | 'updatedAt',
    order: 'asc' | 'desc',
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<ContactRecord> | 'invalid-cursor'> {
    const direction = order === 'asc' ? 1 : -1;
    const cmp = order === 'asc' ? '$gt' : '$lt';
    let after: QueryFilter<ContactRecord> | undefined;
    if (cursor !== undefined) {
      const [value, id] = (decodeCursor(cursor) ?? '').split('|');
      if (!id || !Types.ObjectId.isValid(id)) return 'invalid-cursor';
      const _id = new Types.ObjectId(id);
      if (sort === 'createdAt') after = { _id: { [cmp]: _id } };
      else {
        if (Number.isNaN(Date.parse(value))) return 'invalid-cursor';
        const at = new Date(value);
        after = { $or: [{ updatedAt: { [cmp]: at } }, { updatedAt: at, _id: { [cmp]: _id } }] };
      }
    }
    const query = this.liveScope(tenantId, after ? { $and: [filter, after] } : filter);
    const order_ = sort === 'createdAt' ? { _id: direction } : { updatedAt: direction, _id: direction };
    const items = await this.model.find(query).sort(order_ as never).limit(limit + 1).lean<ContactRecord[]>().exec();
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor = items.length > limit && last ? encodeCursor(`${sort === 'updatedAt' ? last.updatedAt.toISOString() : ''}|${last._id}`) : null;
    return { items: page, nextCursor };
  }

  /** Ids of live contacts matching a filter, in id order, a page at a time (for bulk work). */
  async *idsMatching(tenantId: string, filter: QueryFilter<ContactRecord>, pageSize = 500): AsyncGenerator<Types.ObjectId[]> {
    let after: Types.ObjectId | undefined;
    for (;;) {
      const query = this.liveScope(tenantId, after ? { $and: [filter, { _id: { $gt: after } }] } : filter);
      const page = await this.model.find(query, { _id: 1 }).sort({ _id: 1 }).limit(pageSize).lean<Array<{ _id: Types.ObjectId }>>().exec();
      if (page.length === 0) return;
      yield page.map((p) => p._id);
      after = page[page.length - 1]._id;
    }
  }

  countLive(tenantId: string, filter: QueryFilter<ContactRecord>): Promise<number> {
    return this.model.countDocuments(this.liveScope(tenantId, filter)).exec();
  }

  /** A streaming read of live contacts (export): constant memory at any size. */
  stream(tenantId: string, filter: QueryFilter<ContactRecord>) {
    return this.model.find(this.liveScope(tenantId, filter)).sort({ _id: 1 }).lean<ContactRecord>().cursor({ batchSize: 500 });
  }

  /** Tag catalogue: every tag with the number of contacts carrying it. */
  async tagCounts(tenantId: string): Promise<Array<{ key: string; label: string; contacts: number }>> {
    // Grouped by key and display form ($sum is the accumulator every server serves); each tag is
    // shown in its most common display form.
    const rows = await this.model
      .aggregate<{ _id: { key: string; label: string }; contacts: number }>([
        { $match: this.liveScope(tenantId) },
        { $unwind: '$tags' },
        { $group: { _id: { key: '$tags.key', label: '$tags.label' }, contacts: { $sum: 1 } } },
      ])
      .exec();
    const byKey = new Map<string, { key: string; label: string; contacts: number; best: number }>();
    for (const { _id, contacts } of rows) {
      const tag = byKey.get(_id.key) ?? { key: _id.key, label: _id.label, contacts: 0, best: 0 };
      tag.contacts += contacts;
      if (contacts > tag.best) Object.assign(tag, { label: _id.label, best: contacts });
      byKey.set(_id.key, tag);
    }
    return [...byKey.values()]
      .sort((a, b) => b.contacts - a.contacts || a.key.localeCompare(b.key))
      .map(({ key, label, contacts }) => ({ key, label, contacts }));
  }

  /** Removes tombstones whose events have all been published (merged-away contacts stay, for undo). */
  async purgeTombstones(): Promise<number> {
    const result = await this.model.collection.deleteMany({ deletedAt: { $exists: true }, outboxPendingSince: { $exists: false }, mergedInto: { $exists: false } });
    return result.deletedCount;
  }
}
