import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model } from 'mongoose';
import { MONGO_CONNECTION, Page, decodeCursor, encodeCursor } from '@roster/persistence';
import { SegmentMemberRecord, SegmentMemberSchema, memberId } from './segment-member.schema';

@Injectable()
export class SegmentMembersRepository {
  private readonly model: Model<SegmentMemberRecord>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.model = connection.model<SegmentMemberRecord>('SegmentMember', SegmentMemberSchema);
  }

  async onModuleInit(): Promise<void> {
    await this.model.createIndexes();
  }

  /** Makes the contact a member (since then) of each segment with a date, and of none without. */
  async set(tenantId: string, contactId: string, segments: Array<{ segmentId: string; since: Date | null }>): Promise<void> {
    if (segments.length === 0) return;
    await this.model.collection.bulkWrite(
      segments.map(({ segmentId, since }) => {
        const _id = memberId(segmentId, contactId) as never;
        return since
          ? { replaceOne: { filter: { _id }, replacement: { tenantId, segmentId, contactId, since }, upsert: true } }
          : { deleteOne: { filter: { _id } } };
      }),
      { ordered: false },
    );
  }

  count(tenantId: string, segmentId: string): Promise<number> {
    return this.model.countDocuments({ tenantId, segmentId }).exec();
  }

  /**
   * Members in key order after the cursor: a member who joins or leaves while a campaign service
   * pages through never shifts the others.
   */
  async page(tenantId: string, segmentId: string, cursor: string | undefined, limit: number): Promise<Page<SegmentMemberRecord> | 'invalid-cursor'> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    if (cursor !== undefined && !after?.startsWith(`${segmentId}:`)) return 'invalid-cursor';
    const filter = after ? { tenantId, segmentId, _id: { $gt: after } } : { tenantId, segmentId };
    const items = await this.model.find(filter).sort({ _id: 1 }).limit(limit + 1).lean<SegmentMemberRecord[]>().exec();
    const page = items.slice(0, limit);
    return { items: page, nextCursor: items.length > limit ? encodeCursor(page[page.length - 1]._id) : null };
  }
}
