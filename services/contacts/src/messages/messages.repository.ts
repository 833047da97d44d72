import { Inject, Injectable } from '@nestjs/common';
import { Connection, mongo } from 'mongoose';
import { MONGO_CONNECTION, RequestCoalescer, TenantScopedRepository, coalescedReadsById, duplicateKeyPositions, isDuplicateKeyError } from '@roster/persistence';
import { OutboundStatus, STATUS_RANK } from './domain/engagement';
import { MessageRecord, MessageSchema, messageKey } from './message.schema';

const STATUS_TIME = { sent: 'sentAt', delivered: 'deliveredAt', read: 'readAt', failed: 'failedAt' } as const;

export interface OutboundOutcome {
  tenantId: string;
  messageId: string;
  contactId: string;
  campaignId: string | null;
  conversationId: string | null;
  status: OutboundStatus;
  at: Date;
  failure?: { code: number; title: string };
  /** Set when the contact's engagement found it answered by an inbound message taken in earlier. */
  repliedAt?: Date;
}

@Injectable()
export class MessagesRepository extends TenantScopedRepository<MessageRecord> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection.model<MessageRecord>('Message', MessageSchema));
  }

  /** Reads of messages handled side by side go as one `$in`. */
  private readonly reads = coalescedReadsById((keys) => this.model.collection.find({ _id: { $in: keys } } as never).toArray() as unknown as Promise<MessageRecord[]>);

  /** Writes of messages handled side by side go as one unordered bulk write: inserts of new ones, updates of known ones. */
  private readonly writes = new RequestCoalescer<mongo.AnyBulkWriteOperation<mongo.Document>, void>(async (operations) => {
    await this.model.collection.bulkWrite(operations, { ordered: false });
    return operations.map(() => undefined);
  });

  get(tenantId: string, messageId: string): Promise<MessageRecord | null> {
    return this.reads.request(messageKey(tenantId, messageId)).then((m) => (m && m.tenantId === tenantId ? m : null));
  }

  /**
   * Applies an outbound status, and records that the contact has taken the message in up to
   * `foldedRank`. Each time keeps the earliest report and the rank the highest, so replays and
   * statuses out of order end in the same state.
   */
  async applyOutbound(outcome: OutboundOutcome, foldedRank: number, known: boolean): Promise<void> {
    const _id = messageKey(outcome.tenantId, outcome.messageId);
    const time = STATUS_TIME[outcome.status];
    const failure = outcome.failure ? { failure: outcome.failure } : {};
    const replied = outcome.repliedAt ? { repliedAt: outcome.repliedAt } : {};
    if (!known) {
      const document = {
        _id, tenantId: outcome.tenantId, messageId: outcome.messageId, contactId: outcome.contactId, direction: 'outbound', campaignId: outcome.campaignId,
        conversationId: outcome.conversationId, at: outcome.at, [time]: outcome.at, rank: STATUS_RANK[outcome.status], foldedRank, createdAt: new Date(), ...failure, ...replied,
      };
      try {
        return await this.writes.request({ insertOne: { document: document as never } });
      } catch (error) {
        // Stored meanwhile by another instance (a rebalance): the update below applies to it.
        if (!isDuplicateKeyError(error) && !duplicateKeyPositions(error)) throw error;
      }
    }
    // Upserts by key would serve the same, but the local FerretDB scans the collection for each.
    const update = { $min: { at: outcome.at, [time]: outcome.at, ...replied }, $max: { rank: STATUS_RANK[outcome.status], foldedRank }, ...(outcome.failure ? { $set: failure } : {}) };
    await this.writes.request({ updateOne: { filter: { _id } as never, update } });
  }

  /** Whether an outcome would change what is stored of its message (a replay does not). */
  static changes(before: MessageRecord | null, outcome: Pick<OutboundOutcome, 'status' | 'at'>): boolean {
    const time = before?.[STATUS_TIME[outcome.status]];
    return !before || STATUS_RANK[outcome.status] > before.rank || !time || outcome.at < time || outcome.at < before.at;
  }

  /** Stores an inbound message; false when the contact has taken it in before (a replay). */
  async addInbound(record: MessageRecord): Promise<boolean> {
    try {
      await this.model.collection.insertOne(record as never);
      return true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return !(await this.get(record.tenantId, record.messageId))?.folded;
    }
  }

  /** Marks an outbound message of the tenant as answered (the earliest answer stays). */
  async markReplied(tenantId: string, messageId: string, at: Date): Promise<void> {
    await this.model.collection.updateOne({ _id: messageKey(tenantId, messageId), tenantId, direction: 'outbound' } as never, { $min: { repliedAt: at } });
  }

  /** Records that the contact's engagement has taken in an inbound message. */
  async markFolded(tenantId: string, messageId: string): Promise<void> {
    await this.model.collection.updateOne({ _id: messageKey(tenantId, messageId) } as never, { $set: { folded: true } });
  }


  /** A contact's messages, newest first, from before `before` (a page of its history). */
  async ofContact(tenantId: string, contactId: string, limit: number, before?: { at: Date; id: string }): Promise<MessageRecord[]> {
    const filter = before ? { contactId, $or: [{ at: { $lt: before.at } }, { at: before.at, _id: { $lt: before.id } }] } : { contactId };
    return this.model.find(this.scope(tenantId, filter as never)).sort({ at: -1, _id: -1 }).limit(limit).lean<MessageRecord[]>().exec();
  }

  /** Every outbound message of a contact (for its campaign history), at most `limit`. */
  async outboundOfContact(tenantId: string, contactId: string, limit: number): Promise<MessageRecord[]> {
    return this.model.find(this.scope(tenantId, { contactId, direction: 'outbound' })).sort({ at: -1 }).limit(limit).lean<MessageRecord[]>().exec();
  }

  async eraseForContact(tenantId: string, contactId: string): Promise<void> {
    await this.model.deleteMany(this.scope(tenantId, { contactId })).exec();
  }

  /** Removes the text of messages past their tenant's retention (every tenant: a system sweep). */
  async removeExpiredText(now: Date): Promise<number> {
    const result = await this.model.collection.updateMany({ textExpiresAt: { $lte: now } }, { $unset: { text: '', textExpiresAt: '' } });
    return result.modifiedCount;
  }
}
