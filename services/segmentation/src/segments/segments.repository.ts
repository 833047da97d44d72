import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Connection, Types } from 'mongoose';
import { MONGO_CONNECTION, TenantScopedRepository } from '@roster/persistence';
import { BackfillProgress, SegmentRecord, SegmentSchema } from './segment.schema';

@Injectable()
export class SegmentsRepository extends TenantScopedRepository<SegmentRecord> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection.model<SegmentRecord>('Segment', SegmentSchema));
  }

  /** Every segment of a tenant, retiring ones included (their members are still being let go). */
  all(tenantId: string): Promise<SegmentRecord[]> {
    return this.model.find(this.scope(tenantId)).sort({ _id: 1 }).lean<SegmentRecord[]>().exec();
  }

  /** Claims one segment whose backfill nobody holds, for `leaseMs`. */
  async claimBackfill(leaseMs: number): Promise<SegmentRecord | null> {
    const now = new Date();
    const token = randomUUID();
    return this.model
      .findOneAndUpdate(
        {
          state: { $in: ['backfilling', 'retiring'] },
          $or: [{ 'backfill.leaseUntil': { $exists: false } }, { 'backfill.leaseUntil': { $lt: now } }],
        },
        { $set: { 'backfill.leaseToken': token, 'backfill.leaseUntil': new Date(now.getTime() + leaseMs) } },
        { returnDocument: 'after' },
      )
      .lean<SegmentRecord>()
      .exec();
  }

  /** Records progress and extends the lease; false once the lease or the version was lost. */
  async progress(segment: SegmentRecord, progress: Partial<BackfillProgress>, leaseMs: number): Promise<boolean> {
    const set: Record<string, unknown> = { 'backfill.leaseUntil': new Date(Date.now() + leaseMs) };
    for (const [key, value] of Object.entries(progress)) set[`backfill.${key}`] = value;
    const result = await this.model
      .updateOne({ _id: segment._id, version: segment.version, 'backfill.leaseToken': segment.backfill.leaseToken }, { $set: set })
      .exec();
    return result.matchedCount === 1;
  }

  /** A finished backfill (of `processed` contacts, which is then the total): the segment is ready, unless it changed meanwhile. */
  async finishBackfill(segment: SegmentRecord, processed: number): Promise<boolean> {
    const result = await this.model
      .updateOne(
        { _id: segment._id, version: segment.version, state: 'backfilling', 'backfill.leaseToken': segment.backfill.leaseToken },
        { $set: { state: 'ready', 'backfill.processed': processed, 'backfill.total': processed, 'backfill.finishedAt': new Date() }, $unset: { 'backfill.leaseToken': '', 'backfill.leaseUntil': '' } },
      )
      .exec();
    return result.matchedCount === 1;
  }

  /** How many contacts the tenant's most recently finished backfill went over, if one finished. */
  async lastBackfilledTotal(tenantId: string): Promise<number | undefined> {
    const last = await this.model
      .findOne(this.scope(tenantId, { 'backfill.finishedAt': { $ne: null } }), { backfill: 1 })
      .sort({ 'backfill.finishedAt': -1 })
      .lean<SegmentRecord>()
      .exec();
    return last?.backfill.total;
  }

  async removeRetired(segment: SegmentRecord): Promise<void> {
    await this.model.deleteOne({ _id: segment._id, state: 'retiring', 'backfill.leaseToken': segment.backfill.leaseToken }).exec();
  }

  /** A conditional change; a new `backfill` (no lease) lets any instance take the new version at once. */
  async replaceVersioned(tenantId: string, id: Types.ObjectId, expectedVersion: number, set: Partial<SegmentRecord>): Promise<SegmentRecord | null> {
    return this.model
      .findOneAndUpdate(this.scope(tenantId, { _id: id, version: expectedVersion, state: { $ne: 'retiring' } }), { $set: set }, { returnDocument: 'after' })
      .lean<SegmentRecord>()
      .exec();
  }
}
