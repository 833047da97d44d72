import { Inject, Injectable } from '@nestjs/common';
import { AnyBulkWriteOperation, Connection, Model } from 'mongoose';
import { MONGO_CONNECTION, Page, RequestCoalescer, decodeCursor, encodeCursor } from '@roster/persistence';
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

  /**
   * Member writes of contacts handled side by side go as one ordered bulk write (a member document
   * written twice in it ends as the later write left it). If it fails, each caller's writes are
   * tried on their own, so each caller learns of its own failure only.
   */
  private readonly writes = new RequestCoalescer<AnyBulkWriteOperation[], unknown>(async (calls) => {
    try {
      await this.model.collection.bulkWrite(calls.flat() as never[], { ordered: true });
      return calls.map(() => undefined);
    } catch {
      return Promise.all(calls.map((ops) => this.model.collection.bulkWrite(ops as never[], { ordered: true }).then(() => undefined, (error: unknown) => error)));
    }
  });

  /** Makes the contact a member (since then) of each segment with a date, and of none without. */
  async set(tenantId: string, contactId: string, segments: Array<{ segmentId: string; since: Date | null }>): Promise<void> {
    if (segments.length === 0) return;
    const failure = await this.writes.request(
      segments.map(({ segmentId, since }) => {
        const _id = memberId(segmentId, contactId) as never;
        return since
          ? { replaceOne: { filter: { _id }, replacement: { tenantId, segmentId, contactId, since }, upsert: true } }
          : { deleteOne: { filter: { _id } } };
      }),
    );
    if (failure) throw failure;
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
