import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Connection, Model } from 'mongoose';
import { MONGO_CONNECTION, isDuplicateKeyError } from '@roster/persistence';
import {
  BlockRecord, BlockSchema, DedupeContactRecord, DedupeContactSchema, PairRecord, PairSchema, blockId, dedupeContactId, pairId,
} from './candidates.schema';

/** Blocks larger than this are too broad to compare pairwise. */
export const MAX_BLOCK_MEMBERS = 200;

@Injectable()
export class DedupeContactsRepository implements OnModuleInit {
  readonly model: Model<DedupeContactRecord>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.model = connection.model<DedupeContactRecord>('DedupeContact', DedupeContactSchema);
  }

  async onModuleInit(): Promise<void> {
    await this.model.createCollection().catch(() => undefined);
    await this.model.createIndexes();
  }

  get(tenantId: string, contactId: string): Promise<DedupeContactRecord | null> {
    return this.model.findById(dedupeContactId(tenantId, contactId)).lean<DedupeContactRecord>().exec();
  }

  many(tenantId: string, contactIds: string[]): Promise<DedupeContactRecord[]> {
    if (contactIds.length === 0) return Promise.resolve([]);
    return this.model.find({ _id: { $in: contactIds.map((id) => dedupeContactId(tenantId, id)) } }).lean<DedupeContactRecord[]>().exec();
  }

  /** Writes the contact's new state if nobody else wrote since `expectedVersion`; false otherwise. */
  async replace(record: DedupeContactRecord, expectedVersion: number | null): Promise<boolean> {
    if (expectedVersion === null) {
      try {
        await this.model.collection.insertOne(record as never);
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    }
    const { _id, ...fields } = record;
    const result = await this.model.collection.updateOne({ _id, version: expectedVersion } as never, { $set: fields });
    return result.matchedCount === 1;
  }

  async setPartners(tenantId: string, contactId: string, add: string[], remove: string[]): Promise<void> {
    const _id = dedupeContactId(tenantId, contactId) as never;
    if (remove.length > 0) await this.model.collection.updateOne({ _id }, { $pullAll: { partners: remove } } as never);
    if (add.length > 0) await this.model.collection.updateOne({ _id }, { $addToSet: { partners: { $each: add } } } as never);
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

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.model = connection.model<BlockRecord>('DedupeBlock', BlockSchema);
  }

  async onModuleInit(): Promise<void> {
    await this.model.createCollection().catch(() => undefined);
  }

  async join(tenantId: string, key: string, contactId: string): Promise<void> {
    const _id = blockId(tenantId, key);
    await this.model.collection.updateOne({ _id } as never, { $addToSet: { members: contactId }, $setOnInsert: { tenantId, saturated: false } } as never, { upsert: true });
    const block = await this.model.findById(_id, { members: 1, saturated: 1 }).lean<BlockRecord>().exec();
    if (block && !block.saturated && block.members.length > MAX_BLOCK_MEMBERS) await this.model.collection.updateOne({ _id } as never, { $set: { saturated: true } });
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
