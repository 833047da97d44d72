import { Inject, Injectable } from '@nestjs/common';
import { AnyBulkWriteOperation, Connection, Model } from 'mongoose';
import { MONGO_CONNECTION, Page, RequestCoalescer, decodeCursor, duplicateKeyPositions, encodeCursor } from '@roster/persistence';
import { SegmentMemberRecord, SegmentMemberSchema, memberId } from './segment-member.schema';

const replacement = ({ _id, ...fields }: SegmentMemberRecord): AnyBulkWriteOperation => ({
  replaceOne: { filter: { _id: _id as never }, replacement: fields, upsert: true },
});

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

  /**
   * Members of contacts seen for the first time, from contacts handled side by side: one unordered
   * `insertMany`, several times cheaper than upserts. A document that is there already (an event
   * handled again) is replaced instead; any other failure sends the writes the upsert way.
   */
  private readonly inserts = new RequestCoalescer<SegmentMemberRecord[], unknown>(async (calls) => {
    try {
      await this.model.collection.insertMany(calls.flat() as never[], { ordered: false });
      return calls.map(() => undefined);
    } catch (error) {
      const present = duplicateKeyPositions(error);
      if (!present) return Promise.all(calls.map((docs) => this.writes.request(docs.map(replacement))));
      const failure = await this.writes.request(calls.flat().filter((_, i) => present.has(i)).map(replacement));
      return calls.map(() => failure);
    }
  });

  /**
   * Makes the contact a member (since then) of each segment with a date, and of none without.
   * `fresh`: the contact had no memberships before, so its member documents are new.
   */
  async set(tenantId: string, contactId: string, segments: Array<{ segmentId: string; since: Date | null }>, fresh = false): Promise<void> {
    if (segments.length === 0) return;
    const documents = (entries: typeof segments) => entries.map(({ segmentId, since }) => ({ _id: memberId(segmentId, contactId), tenantId, segmentId, contactId, since: since! }));
    if (fresh && segments.every((s) => s.since)) {
      const failure = await this.inserts.request(documents(segments));
      if (failure) throw failure;
      return;
    }
    const failure = await this.writes.request(
      segments.map((entry) => (entry.since ? replacement(documents([entry])[0]) : { deleteOne: { filter: { _id: memberId(entry.segmentId, contactId) as never } } })),
    );
    if (failure) throw failure;
  }

  /** Every member of a segment, streamed (the index over tenant and segment serves it). */
  async *contactIds(tenantId: string, segmentId: string): AsyncIterable<string> {
    const cursor = this.model.find({ tenantId, segmentId }).select('contactId').lean<Array<Pick<SegmentMemberRecord, 'contactId'>>>().cursor({ batchSize: 5000 });
    try {
      for await (const member of cursor) yield member.contactId;
    } finally {
      await cursor.close();
    }
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
