import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Connection, Types } from 'mongoose';
import { ProblemException } from '@roster/http';
import { MONGO_CONNECTION, Page, TenantScopedRepository, decodeCursor, encodeCursor } from '@roster/persistence';
import { ActivityRecord, ActivitySchema } from './activity.schema';

@Injectable()
export class ActivitiesRepository extends TenantScopedRepository<ActivityRecord> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection.model<ActivityRecord>('Activity', ActivitySchema));
  }

  async add(records: ActivityRecord[]): Promise<void> {
    if (records.length) await this.model.collection.insertMany(records as never[], { ordered: false });
  }

  async remove(tenantId: string, ids: Types.ObjectId[]): Promise<void> {
    if (ids.length) await this.model.collection.deleteMany(this.scope(tenantId, { _id: { $in: ids } }) as never);
  }

  /** Newest first; the cursor is the last item's (occurredAt, id). */
  async timeline(tenantId: string, contactId: string, cursor: string | undefined, limit: number): Promise<Page<ActivityRecord>> {
    let after: { at: Date; id: Types.ObjectId } | undefined;
    if (cursor !== undefined) {
      const [at, id] = (decodeCursor(cursor) ?? '').split('|');
      if (!at || !id || !Types.ObjectId.isValid(id) || Number.isNaN(Date.parse(at))) {
        throw new ProblemException(HttpStatus.BAD_REQUEST, 'invalid-cursor', 'The pagination cursor is malformed.');
      }
      after = { at: new Date(at), id: new Types.ObjectId(id) };
    }
    const filter = after
      ? { contactId, $or: [{ occurredAt: { $lt: after.at } }, { occurredAt: after.at, _id: { $lt: after.id } }] }
      : { contactId };
    const items = await this.model.find(this.scope(tenantId, filter)).sort({ occurredAt: -1, _id: -1 }).limit(limit + 1).lean<ActivityRecord[]>().exec();
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page, nextCursor: items.length > limit && last ? encodeCursor(`${last.occurredAt.toISOString()}|${last._id}`) : null };
  }

  /** Moves timelines to a merge's survivor, each activity remembering where it came from (for undo). */
  async moveForMerge(tenantId: string, decisionId: string, fromContactIds: string[], toContactId: string): Promise<void> {
    for (const from of fromContactIds) {
      await this.model.collection.updateMany(this.scope(tenantId, { contactId: from }) as never, { $set: { contactId: toContactId, movedByMerge: { decisionId, from } } });
    }
  }

  /** Moves back what a merge moved. */
  async moveBack(tenantId: string, decisionId: string): Promise<void> {
    const moved = await this.model.collection.find(this.scope(tenantId, { 'movedByMerge.decisionId': decisionId }) as never, { projection: { movedByMerge: 1 } }).toArray();
    for (const from of new Set(moved.map((a) => (a.movedByMerge as { from: string }).from))) {
      await this.model.collection.updateMany(this.scope(tenantId, { 'movedByMerge.decisionId': decisionId, 'movedByMerge.from': from }) as never, { $set: { contactId: from }, $unset: { movedByMerge: '' } });
    }
  }

  async eraseForContact(tenantId: string, contactId: string): Promise<void> {
    await this.model.deleteMany(this.scope(tenantId, { contactId })).exec();
  }
}
