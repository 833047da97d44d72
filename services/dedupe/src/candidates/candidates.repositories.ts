import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Connection, Model } from 'mongoose';
import { ConditionalUpdate, MONGO_CONNECTION, RequestCoalescer, coalescedInserts, coalescedUpdates } from '@roster/persistence';
import {
  BlockRecord, BlockSchema, DedupeContactRecord, DedupeContactSchema, PairRecord, PairSchema, blockId, dedupeContactId, pairId,
} from './candidates.schema';

/** Blocks larger than this are too broad to compare pairwise. */
export const MAX_BLOCK_MEMBERS = 200;

@Injectable()
export class DedupeContactsRepository implements OnModuleInit {
  readonly model: Model<DedupeContactRecord>;
  /** Reads and writes of contacts handled side by side go as one `$in` and one bulk write. */
  private readonly reads = new RequestCoalescer<string, DedupeContactRecord | null>(async (ids) => {
    const found = await this.model.find({ _id: { $in: [...new Set(ids)] } }).lean<DedupeContactRecord[]>().exec();
    const byId = new Map(found.map((doc) => [doc._id, doc]));
    return ids.map((id) => structuredClone(byId.get(id) ?? null));
  });
  private readonly inserts: RequestCoalescer<object, boolean>;
  private readonly updates: RequestCoalescer<ConditionalUpdate, boolean>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.model = connection.model<DedupeContactRecord>('DedupeContact', DedupeContactSchema);
    this.inserts = coalescedInserts(this.model.collection);
    this.updates = coalescedUpdates(this.model.collection);
  }

  async onModuleInit(): Promise<void> {
    await this.model.createCollection().catch(() => undefined);
  }

  get(tenantId: string, contactId: string): Promise<DedupeContactRecord | null> {
    return this.reads.request(dedupeContactId(tenantId, contactId));
  }

  many(tenantId: string, contactIds: string[]): Promise<DedupeContactRecord[]> {
    if (contactIds.length === 0) return Promise.resolve([]);
    return this.model.find({ _id: { $in: contactIds.map((id) => dedupeContactId(tenantId, id)) } }).lean<DedupeContactRecord[]>().exec();
  }

  /** Writes the contact's new state if nobody else wrote since `expectedVersion`; false otherwise. */
  async replace(record: DedupeContactRecord, expectedVersion: number | null): Promise<boolean> {
    if (expectedVersion === null) return this.inserts.request(record);
    const { _id, ...fields } = record;
    return this.updates.request({ filter: { _id, version: expectedVersion } as never, update: { $set: fields } });
  }

  /** Partner changes of several contacts in one ordered bulk write (removals before additions). */
  async changePartners(tenantId: string, changes: Array<{ contactId: string; add: string[]; remove: string[] }>): Promise<void> {
    const filter = (contactId: string) => ({ _id: dedupeContactId(tenantId, contactId) as never });
    const ops = changes.flatMap(({ contactId, add, remove }) => [
      ...(remove.length > 0 ? [{ updateOne: { filter: filter(contactId), update: { $pullAll: { partners: remove } } as never } }] : []),
      ...(add.length > 0 ? [{ updateOne: { filter: filter(contactId), update: { $addToSet: { partners: { $each: add } } } as never } }] : []),
    ]);
    if (ops.length > 0) await this.model.collection.bulkWrite(ops, { ordered: true });
  }

  /** Live contacts of a tenant in key order, for a full scan. */
  streamLive(tenantId: string) {
    return this.model.find({ tenantId, contact: { $ne: null } }).sort({ _id: 1 }).lean<DedupeContactRecord>().cursor({ batchSize: 1000 });
  }
}

@Injectable()
export class BlocksRepository implements OnModuleInit {
  private readonly model: Model<BlockRecord>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.model = connection.model<BlockRecord>('DedupeBlock', BlockSchema);
  }

  async onModuleInit(): Promise<void> {
    await this.model.createCollection().catch(() => undefined);
  }

  /**
   * Joins of contacts handled side by side go as one bulk upsert; the blocks they made too large
   * are then marked saturated.
   */
  private readonly joins = new RequestCoalescer<{ tenantId: string; key: string; contactId: string }, void>(async (joins) => {
    const ids = joins.map(({ tenantId, key }) => blockId(tenantId, key));
    await this.model.collection.bulkWrite(
      joins.map(({ tenantId, contactId }, i) => ({
        updateOne: { filter: { _id: ids[i] } as never, update: { $addToSet: { members: contactId }, $setOnInsert: { tenantId, saturated: false } } as never, upsert: true },
      })),
      { ordered: true },
    );
    const blocks = await this.model.find({ _id: { $in: [...new Set(ids)] }, saturated: false }, { members: 1 }).lean<BlockRecord[]>().exec();
    const full = blocks.filter((b) => b.members.length > MAX_BLOCK_MEMBERS).map((b) => b._id);
    if (full.length > 0) await this.model.collection.updateMany({ _id: { $in: full } } as never, { $set: { saturated: true } });
    return joins.map(() => undefined);
  });

  join(tenantId: string, key: string, contactId: string): Promise<void> {
    return this.joins.request({ tenantId, key, contactId });
  }

  async leave(tenantId: string, key: string, contactId: string): Promise<void> {
    await this.model.collection.updateOne({ _id: blockId(tenantId, key) } as never, { $pull: { members: contactId } } as never);
  }

  /** Members of the given blocks that are not saturated. */
  async neighbours(tenantId: string, keys: string[]): Promise<string[]> {
    if (keys.length === 0) return [];
    const blocks = await this.model.find({ _id: { $in: keys.map((k) => blockId(tenantId, k)) } }).lean<BlockRecord[]>().exec();
    return [...new Set(blocks.filter((b) => !b.saturated).flatMap((b) => b.members))];
  }
}

@Injectable()
export class PairsRepository implements OnModuleInit {
  private readonly model: Model<PairRecord>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.model = connection.model<PairRecord>('DedupePair', PairSchema);
  }

  async onModuleInit(): Promise<void> {
    await this.model.createIndexes();
  }

  get(tenantId: string, x: string, y: string): Promise<PairRecord | null> {
    return this.model.findById(pairId(tenantId, x, y)).lean<PairRecord>().exec();
  }

  /** The stored pairs of one contact with each of `others`, by pair id. */
  async many(tenantId: string, contactId: string, others: string[]): Promise<Map<string, PairRecord>> {
    if (others.length === 0) return new Map();
    const found = await this.model.find({ _id: { $in: others.map((other) => pairId(tenantId, contactId, other)) } }).lean<PairRecord[]>().exec();
    return new Map(found.map((pair) => [pair._id, pair]));
  }

  async putMany(pairs: PairRecord[]): Promise<void> {
    if (pairs.length === 0) return;
    await this.model.collection.bulkWrite(pairs.map(({ _id, ...fields }) => ({ replaceOne: { filter: { _id } as never, replacement: fields, upsert: true } })), { ordered: true });
  }

  async removeMany(tenantId: string, contactId: string, others: string[]): Promise<void> {
    if (others.length === 0) return;
    await this.model.collection.deleteMany({ _id: { $in: others.map((other) => pairId(tenantId, contactId, other)) } } as never);
  }

  async put(pair: PairRecord): Promise<void> {
    const { _id, ...fields } = pair;
    await this.model.collection.replaceOne({ _id } as never, fields, { upsert: true });
  }

  async remove(tenantId: string, x: string, y: string): Promise<void> {
    await this.model.collection.deleteOne({ _id: pairId(tenantId, x, y) } as never);
  }

  /** Every stored pair of the tenant, open or dismissed, streamed. */
  stored(tenantId: string) {
    return this.model.find({ tenantId }, { a: 1, b: 1, status: 1 }).lean<Array<Pick<PairRecord, '_id' | 'a' | 'b' | 'status'>>>().cursor({ batchSize: 5000 });
  }

  open(tenantId: string): Promise<PairRecord[]> {
    return this.model.find({ tenantId, status: 'open' }).lean<PairRecord[]>().exec();
  }
}
