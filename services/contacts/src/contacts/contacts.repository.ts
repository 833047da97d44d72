import { Inject, Injectable } from '@nestjs/common';
import { Connection, QueryFilter, Types } from 'mongoose';
import { MONGO_CONNECTION, TenantScopedRepository } from '@roster/persistence';
import { ContactRecord, ContactSchema } from './contact.schema';

export const LIVE = { deletedAt: { $exists: false } } as const;

@Injectable()
export class ContactsRepository extends TenantScopedRepository<ContactRecord> {
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
    if (!Types.ObjectId.isValid(id)) return null;
    return this.model.findOne(this.liveScope(tenantId, { _id: new Types.ObjectId(id) })).lean<ContactRecord>().exec();
  }

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
    const result = await this.model.collection.updateOne({ _id: id, tenantId, version: expectedVersion }, update);
    return result.matchedCount === 1;
  }

  /** Removes tombstones whose events have all been published. */
  async purgeTombstones(): Promise<number> {
    const result = await this.model.collection.deleteMany({ deletedAt: { $exists: true }, outboxPendingSince: { $exists: false } });
    return result.deletedCount;
  }
}
