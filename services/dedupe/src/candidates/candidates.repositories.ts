import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Connection, Model } from 'mongoose';
import { mongo } from 'mongoose';
import {
  ConditionalUpdate, MONGO_CONNECTION, RequestCoalescer, coalescedBulkWrites, coalescedInserts, coalescedReadsById, coalescedUpdates, isDuplicateKeyError,
} from '@roster/persistence';
import {
  BlockRecord, BlockSchema, DedupeContactRecord, DedupeContactSchema, PairRecord, PairSchema, blockId, dedupeContactId, pairId,
} from './candidates.schema';

/** Blocks larger than this are too broad to compare pairwise. */
export const MAX_BLOCK_MEMBERS = 200;

function partnerChanges(_id: string, add: string[], remove: string[]): mongo.AnyBulkWriteOperation<mongo.Document>[] {
  const filter = { _id } as never;
  return [
    ...(remove.length > 0 ? [{ updateOne: { filter, update: { $pullAll: { partners: remove } } as never } }] : []),
    ...(add.length > 0 ? [{ updateOne: { filter, update: { $addToSet: { partners: { $each: add } } } as never } }] : []),
  ];
}

@Injectable()
export class DedupeContactsRepository implements OnModuleInit {
  readonly model: Model<DedupeContactRecord>;

  /** Reads, version-checked writes and partner changes of contacts handled side by side go as one request each. */
  private readonly reads: RequestCoalescer<string, DedupeContactRecord | null>;
  private readonly inserts: RequestCoalescer<object, boolean>;
  private readonly updates: RequestCoalescer<ConditionalUpdate, boolean>;
  private readonly partnerChanges: RequestCoalescer<mongo.AnyBulkWriteOperation<mongo.Document>[], void>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.model = connection.model<DedupeContactRecord>('DedupeContact', DedupeContactSchema);
    this.reads = coalescedReadsById((ids) => this.model.find({ _id: { $in: ids } }).lean<DedupeContactRecord[]>().exec());
    this.inserts = coalescedInserts(this.model.collection);
    this.updates = coalescedUpdates(this.model.collection);
    this.partnerChanges = coalescedBulkWrites(this.model.collection);
  }

  async onModuleInit(): Promise<void> {
    await this.model.createCollection().catch(() => undefined);
    await this.model.createIndexes();
  }

  get(tenantId: string, contactId: string): Promise<DedupeContactRecord | null> {
    return this.reads.request(dedupeContactId(tenantId, contactId));
  }

  async many(tenantId: string, contactIds: string[]): Promise<DedupeContactRecord[]> {
    const found = await Promise.all([...new Set(contactIds)].map((id) => this.get(tenantId, id)));
    return found.filter((record): record is DedupeContactRecord => record !== null);
  }

  /**
   * Writes the contact's new state if nobody else wrote since `expectedVersion`; false otherwise.
   * An existing contact's partners are left as they are: they change only through setPartners,
   * whose atomic updates a whole-document write read earlier would undo.
   */
  async replace(record: DedupeContactRecord, expectedVersion: number | null): Promise<boolean> {
    if (expectedVersion === null) return this.inserts.request(record);
    const { _id, partners: _partners, ...fields } = record;
    return this.updates.request({ filter: { _id, version: expectedVersion } as never, update: { $set: fields } });
  }

  async setPartners(tenantId: string, contactId: string, add: string[], remove: string[]): Promise<void> {
    await this.partnerChanges.request(partnerChanges(dedupeContactId(tenantId, contactId), add, remove));
  }

  /** Live contacts of a tenant in key order, for a full scan: read through the `{ tenantId, _id }` index. */
  streamLive(tenantId: string) {
    return this.liveOf(tenantId).lean<DedupeContactRecord>().cursor({ batchSize: 1000 });
  }

  /** The tenant's live contacts this service has taken in (counted over their keys alone). */
  async countLive(tenantId: string): Promise<number> {
    let count = 0;
    const cursor = this.liveOf(tenantId).select({ _id: 1 }).lean().cursor({ batchSize: 5000 });
    try {
      for await (const _ of cursor) count += 1;
    } finally {
      await cursor.close();
    }
    return count;
  }

  /** The query of a whole-tenant read, as it is sent (a test explains it). */
  liveOf(tenantId: string) {
    return this.model.find({ tenantId, contact: { $ne: null } }).sort({ _id: 1 });
  }
}

@Injectable()
export class BlocksRepository implements OnModuleInit {
  private readonly model: Model<BlockRecord>;
  /** Block reads and membership changes of contacts handled side by side go as one request each. */
  private readonly reads: RequestCoalescer<string, BlockRecord | null>;
  // A join of a saturated block is an upsert that meets the block's `_id`: it has nothing to add.
  private readonly changes: RequestCoalescer<mongo.AnyBulkWriteOperation<mongo.Document>[], void>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.model = connection.model<BlockRecord>('DedupeBlock', BlockSchema);
    this.reads = coalescedReadsById((ids) => this.model.find({ _id: { $in: ids } }).lean<BlockRecord[]>().exec());
    this.changes = coalescedBulkWrites(this.model.collection, isDuplicateKeyError);
  }

  async onModuleInit(): Promise<void> {
    await this.model.createCollection().catch(() => undefined);
  }

  /**
   * The contact joins blocks `joined` and leaves blocks `left`, in one request. A saturated block
   * takes no members (it is never compared, and would only grow).
   */
  async move(tenantId: string, contactId: string, joined: string[], left: string[]): Promise<void> {
    await this.changes.request([
      ...left.map((key) => ({ updateOne: { filter: { _id: blockId(tenantId, key) } as never, update: { $pull: { members: contactId } } as never } })),
      ...joined.map((key) => ({
        updateOne: {
          filter: { _id: blockId(tenantId, key), saturated: false } as never,
          update: { $addToSet: { members: contactId }, $setOnInsert: { tenantId } } as never,
          upsert: true,
        },
      })),
    ]);
  }

  /**
   * Members of the given blocks that are not saturated. A block found over the limit becomes
   * saturated here, and lets its members go.
   */
  async neighbours(tenantId: string, keys: string[]): Promise<string[]> {
    const blocks = (await Promise.all(keys.map((k) => this.reads.request(blockId(tenantId, k))))).filter((b): b is BlockRecord => b !== null);
    const overfull = blocks.filter((b) => !b.saturated && b.members.length > MAX_BLOCK_MEMBERS);
    if (overfull.length > 0) {
      await this.changes.request(overfull.map((b) => ({ updateOne: { filter: { _id: b._id } as never, update: { $set: { saturated: true, members: [] } } } })));
    }
    return [...new Set(blocks.filter((b) => !b.saturated && b.members.length <= MAX_BLOCK_MEMBERS).flatMap((b) => b.members))];
  }
}

@Injectable()
export class PairsRepository implements OnModuleInit {
  private readonly model: Model<PairRecord>;
  /** Pair reads and writes of contacts handled side by side go as one request each. */
  private readonly reads: RequestCoalescer<string, PairRecord | null>;
  private readonly writes: RequestCoalescer<mongo.AnyBulkWriteOperation<mongo.Document>[], void>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.model = connection.model<PairRecord>('DedupePair', PairSchema);
    this.reads = coalescedReadsById((ids) => this.model.find({ _id: { $in: ids } }).lean<PairRecord[]>().exec());
    this.writes = coalescedBulkWrites(this.model.collection);
  }

  async onModuleInit(): Promise<void> {
    await this.model.createIndexes();
  }

  get(tenantId: string, x: string, y: string): Promise<PairRecord | null> {
    return this.reads.request(pairId(tenantId, x, y));
  }

  async put(pair: PairRecord): Promise<void> {
    await this.write(pair.tenantId, [pair], []);
  }

  async remove(tenantId: string, x: string, y: string): Promise<void> {
    await this.write(tenantId, [], [[x, y]]);
  }

  /** Writes the pairs `put` and removes the pairs `removed`, as one request. */
  async write(tenantId: string, put: PairRecord[], removed: Array<[string, string]>): Promise<void> {
    if (put.length === 0 && removed.length === 0) return;
    await this.writes.request([
      ...put.map(({ _id, ...fields }) => ({ replaceOne: { filter: { _id } as never, replacement: fields, upsert: true } })),
      ...removed.map(([x, y]) => ({ deleteOne: { filter: { _id: pairId(tenantId, x, y) } as never } })),
    ]);
  }

  /** Every stored pair of the tenant, open or dismissed, streamed. */
  stored(tenantId: string) {
    return this.model.find({ tenantId }, { a: 1, b: 1, status: 1 }).lean<Array<Pick<PairRecord, '_id' | 'a' | 'b' | 'status'>>>().cursor({ batchSize: 5000 });
  }

  open(tenantId: string): Promise<PairRecord[]> {
    return this.model.find({ tenantId, status: 'open' }).lean<PairRecord[]>().exec();
  }
}
